/**
 * Text widths without a DOM, from Computer Modern's advance widths (in em). The SVG asks for
 * Latin Modern first and the TikZ export typesets in Computer Modern, so the estimate is close
 * for both; Times, the fallback, is narrower, which errs on the side of room.
 */
const WIDTHS: Readonly<Record<string, number>> = {
  ' ': 0.333,
  '.': 0.278,
  ',': 0.278,
  ':': 0.278,
  ';': 0.278,
  '!': 0.278,
  '|': 0.278,
  "'": 0.278,
  '(': 0.389,
  ')': 0.389,
  '[': 0.278,
  ']': 0.278,
  '{': 0.5,
  '}': 0.5,
  '/': 0.5,
  '-': 0.333,
  '+': 0.778,
  '=': 0.778,
  '<': 0.778,
  '>': 0.778,
  '×': 0.778,
  '−': 0.778,
  '÷': 0.778,
  '∈': 0.87,
  '·': 0.278,
  '^': 0.5,
  _: 0.5,
  '*': 0.5,
  '#': 0.833,
  '%': 0.833,
  '&': 0.778,
  '@': 0.778,
  a: 0.5,
  b: 0.556,
  c: 0.444,
  d: 0.556,
  e: 0.444,
  f: 0.306,
  g: 0.5,
  h: 0.556,
  i: 0.278,
  j: 0.306,
  k: 0.528,
  l: 0.278,
  m: 0.833,
  n: 0.556,
  o: 0.5,
  p: 0.556,
  q: 0.528,
  r: 0.392,
  s: 0.394,
  t: 0.389,
  u: 0.556,
  v: 0.528,
  w: 0.722,
  x: 0.528,
  y: 0.528,
  z: 0.444,
};

/** Digits are all half an em; capitals average about three quarters. */
function charWidth(ch: string): number {
  const w = WIDTHS[ch];
  if (w !== undefined) return w;
  if (ch >= '0' && ch <= '9') return 0.5;
  if (ch >= 'A' && ch <= 'Z') return ch === 'I' || ch === 'J' ? 0.4 : ch === 'M' || ch === 'W' ? 0.95 : 0.74;
  // Wide scripts (CJK, Hangul) take a full em; other symbols and letters about two thirds.
  return (ch.codePointAt(0) ?? 0) >= 0x1100 && !/\p{Script=Latin}|\p{Script=Greek}/u.test(ch) ? 1 : 0.667;
}

/** Bold Latin Modern digits are 0.575 em against 0.5 (measured in Chromium). */
const BOLD = 1.15;

/** The width of `text` at font size `size` (same unit as the result). */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return em * size * (bold ? BOLD : 1);
}

/** Above the baseline to the top of the capitals and below it to the bottom of the descenders, in em. */
export const ASCENT = 0.72;
export const DESCENT = 0.24;
