import type { DriveStep } from 'driver.js';

/** One stop of the tour: what to point at (the first visible match) and what to say about it. */
interface Stop {
  readonly selector: string;
  readonly title: string;
  readonly text: string;
}

/** The tour: the five things a first visit needs, in the order one uses them. Static text, no user content. */
export const STOPS: readonly Stop[] = [
  {
    selector: '.edge-label--fwd',
    title: 'Forward values fᵢ',
    text: 'Above each edge: the value its node computed, numbered f1, f2, … in the order the forward pass runs.',
  },
  {
    selector: '.edge-label--bwd',
    title: 'Gradients bᵢ',
    text: 'Below each edge: bᵢ, the derivative of the output with respect to fᵢ, which the backward pass finds in reverse order.',
  },
  {
    selector: 'button[aria-label="Play"]',
    title: 'Play it step by step',
    text: 'Play (Space) walks through the forward pass and then the backward pass, with the chain rule written out in numbers at each step.',
  },
  {
    selector: '.inspector',
    title: 'The inspector',
    text: 'Select a node to see and change its op, its inputs, its value and its gradient.',
  },
  {
    selector: 'button[aria-label="Examples"]',
    title: 'The examples',
    text: 'Every exam problem, by topic: backprop by hand, CNN arithmetic, layers and losses, training.',
  },
  {
    selector: 'button[aria-label="Exam sheet"]',
    title: 'Exam sheets',
    text: 'Choose blanks, print the student sheet and its answer key, or export them as SVG, PNG and TikZ.',
  },
];

/** The first match that is on screen: on a phone the toolbar's buttons sit in a closed menu. */
function visible(selector: string): Element | undefined {
  return [...document.querySelectorAll(selector)].find((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
}

/** The stops as driver.js steps; one whose element is not on screen is shown in the middle of the page. */
export const tourSteps = (): DriveStep[] =>
  STOPS.map((s) => ({ element: visible(s.selector), popover: { title: s.title, description: s.text } }));

/**
 * Runs the tour. driver.js (and its stylesheet) load on first use, so the editor's start-up
 * does not pay for them; arrow keys step, Escape ends it.
 */
export async function startTour(): Promise<void> {
  const [{ driver }] = await Promise.all([import('driver.js'), import('driver.js/dist/driver.css')]);
  driver({
    steps: tourSteps(),
    showProgress: true,
    // Without the move animation a stop is ready at once, so → and ← step without waiting (and nothing moves for those who prefer it).
    animate: false,
    allowKeyboardControl: true,
    popoverClass: 'tour-popover',
    nextBtnText: 'Next',
    prevBtnText: 'Back',
    doneBtnText: 'Done',
  }).drive();
}
