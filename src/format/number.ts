import { fixed, MINUS, siPrefixed, significant, trimZeros } from './specifiers';

/*
 * One named format per place a number is read. Each keeps the convention that place has always had,
 * so the examples' answers, the exam sheets and the CLI tables print byte for byte as before.
 * Non-finite numbers print as JavaScript writes them (NaN, Infinity, -Infinity) unless a format says otherwise.
 */

/**
 * Edge labels, node faces, the inspector's text, the status bar and plots: four significant digits,
 * no trailing zeros, the typographic minus. −4.159, 0.5, 1.235e+5, 1e-7; −0 as 0.
 */
export const formatLabel = (x: number): string => (Number.isFinite(x) ? significant(x, 4) : String(x));

/**
 * A cell of the inspector's number grid, in about five characters (four when `dense`): 0.38 (0.4 dense),
 * −4.5, 12.35 as 12.3, 1234 as 1.2k, and tiny values as one digit and an exponent, 3e−4 and −3e-4
 * (only the first hyphen becomes a minus). The cell's tooltip has every digit.
 */
export function formatCell(x: number, dense: boolean): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= (dense ? 100 : 1000)) return siPrefixed(x, 2);
  if (x !== 0 && Math.abs(x) < (dense ? 0.05 : 0.005)) return x.toExponential(0).replace('-', MINUS);
  return fixed(x, dense || Math.abs(x) >= 10 ? 1 : 2);
}

/** Counts (parameters, FLOPs, elements, characters), rounded and grouped by thousands: 23,296; 72,855,552. */
export const formatCount = (x: number): string => (Number.isFinite(x) ? (Math.round(x) || 0).toLocaleString('en-US') : String(x));

/** A large count in four significant digits with an SI prefix, under 1000 as is: 72.86M, 1.5k, 999. */
export const formatSI = (x: number): string => (x < 1000 ? String(x) : siPrefixed(x, 4));

/**
 * A step of the chain rule written out: four significant digits, integers in full, trailing zeros
 * kept when rounding lands on an integer so it does not pass for exact: 2, -4.159, 0.5, 1.000 (tanh 12), 1.5e-7.
 */
export function formatExplanation(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const short = String(+x.toPrecision(4));
  return Number.isInteger(Number(short)) ? x.toPrecision(4) : short;
}

/** Integers below this print in full on exam sheets: 102764544 parameters must not read 1.028e8. */
export const EXAM_FULL_INTEGER = 1e15;

/**
 * Exam sheets and answer keys (the seed exam's convention): four significant digits without trailing
 * zeros, plain from 0.001 to a million and scientific outside, integers below 1e15 in full:
 * -4.159, 0.5, 1.235e-7, 1.235e5, 102764544; -0 as 0.
 */
export function formatExam(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < EXAM_FULL_INTEGER) return String(x === 0 ? 0 : x);
  const abs = Math.abs(x);
  return trimZeros(abs >= 1e-3 && abs < 1e6 ? x.toPrecision(4) : x.toExponential(3)).replace('e+', 'e');
}

/**
 * CLI tables: six significant digits without trailing zeros, integers in full (72855552 MACs must not
 * read 72855600) up to 1e21: -4.15888, 0.333333, 1.23457e-7, 1.23457e+8; -0 as 0.
 */
export function formatCli(x: number): string {
  if (!Number.isFinite(x) || (Number.isInteger(x) && Math.abs(x) < 1e21)) return String(x === 0 ? 0 : x);
  return trimZeros(x.toPrecision(6));
}

/** A parameter in an op's label or rule, six significant digits: 2, 0.5, -1, 0.333333 (x^0.333333). */
export const formatParam = (x: number): string => String(Number.isInteger(x) ? x : +x.toPrecision(6));

/**
 * A decimal from `formatExam` or `formatExplanation` for LaTeX math: 1.235e-7 as 1.235 \times 10^{-7},
 * 1e+21 as 1 \times 10^{21}; a plain decimal unchanged.
 */
export function latexDecimal(text: string): string {
  const [mantissa, exponent] = text.split('e');
  return exponent === undefined ? text : `${mantissa} \\times 10^{${Number(exponent)}}`;
}
