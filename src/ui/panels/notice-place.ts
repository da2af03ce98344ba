import { isCompact } from '../layout/layout-store';

/** What sits along the canvas's top edge: React Flow's top panels (the formula box) and the panel toggles. */
const TOP_OVERLAYS = '.canvas .react-flow__panel.top, .node-list-toggle, .forward-toggle';
const GAP = 8;
const WIDTH = 400;

/**
 * Puts the notices where they cover least of what the user works with: not over the playback bar,
 * the explanation or the side panels, but in the canvas's top-right corner, under the formula box
 * and buttons there (a fitted graph keeps a margin free around it). On a narrow screen the
 * stylesheet puts them under the header instead.
 */
export function placeNotices(el: HTMLElement): void {
  const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
  if (!canvas || isCompact()) {
    el.removeAttribute('style');
    return;
  }
  const width = Math.min(WIDTH, canvas.width - 2 * GAP);
  const left = canvas.right - GAP - width;
  const above = [...document.querySelectorAll(TOP_OVERLAYS)]
    .map((o) => o.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.right > left && r.left < canvas.right && r.top < canvas.top + canvas.height / 2);
  const top = Math.max(canvas.top, ...above.map((r) => r.bottom)) + GAP;
  Object.assign(el.style, { top: `${top}px`, left: `${left}px`, width: `${width}px`, bottom: 'auto', transform: 'none' });
}
