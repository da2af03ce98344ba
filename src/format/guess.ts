/**
 * Reading and grading a typed prediction: predict mode and the classroom server use these same
 * rules, so an answer right on one is right on the other.
 */

/** Reads a number typed by a person: accepts the true minus sign and surrounding spaces. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

export type Grade = { readonly kind: 'unreadable' } | { readonly kind: 'graded'; readonly ok: boolean };

/** Relative tolerance of a prediction; a number within it of the answer counts as right. */
export const GUESS_TOLERANCE = 1e-3;

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/\u2212/g, '-')
    .replace(/[\s*·⋅]/g, '');

/** A number within 1e-3 relative of the answer (or 1e-9 absolute, for an answer of 0). */
export const closeEnough = (guess: number, answer: number): boolean => {
  const err = Math.abs(guess - answer);
  return err <= GUESS_TOLERANCE * Math.abs(answer) || err <= 1e-9;
};

/**
 * Grades a learner's prediction of a value: a number within 1e-3 relative (so the exact form's
 * rounded decimal, -4.159 for -6 ln 2, is right), or the exact form itself as text ("-6 ln 2",
 * "-6*log(2)") when the exact engine knows it.
 */
export function gradeGuess(text: string, answer: number, exact?: { readonly text: string; readonly cas: string } | null): Grade {
  const typed = normalise(text);
  if (exact && typed !== '' && (typed === normalise(exact.text) || typed === normalise(exact.cas))) return { kind: 'graded', ok: true };
  const guess = parseNumber(text);
  if (guess === null) return { kind: 'unreadable' };
  return { kind: 'graded', ok: closeEnough(guess, answer) };
}
