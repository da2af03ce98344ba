import type { Analysis } from '../graph/analyze';
import { SOURCE } from '../graph/compile';
import type { Value } from '../tensor/tensor';
import { normalizeBlanks, parseBlank } from './blanks';

/**
 * A printed number that would give a blank away: it equals the blank's answer or its negative
 * (P1's b5 = b1 and b4 = −b2), so a student could copy it instead of working it out. Only numbers
 * of the blank's own kind count: a gradient equal to a printed value is often the chain rule
 * itself (P1's b3 is f6, the other factor of a product), which is what the student should use.
 */
export interface Giveaway {
  /** The printed number's name, "b5". */
  readonly name: string;
  /** The blank it equals, "b1". */
  readonly blank: string;
  /** Whether it equals the blank's negative. */
  readonly negated: boolean;
}

/** Two answers this close (relative to the larger, absolute near zero) are the same number. */
const SAME = 1e-12;
const same = (a: number, b: number): boolean => Math.abs(a - b) <= SAME * Math.max(1, Math.abs(a), Math.abs(b));

const scalar = (v: Value | undefined): number | undefined =>
  typeof v === 'number' ? v : v !== undefined && v.shape.length === 0 ? v.data[0] : undefined;

/**
 * The scalar f_i and b_i the sheet prints as numbers a student did not have to compute: the
 * inputs' values are the question's data and the output's gradient is 1 by definition, so neither
 * counts as giving anything away, and neither is hidden.
 */
function printedNumbers(an: Analysis): { name: string; x: number }[] {
  const out: { name: string; x: number }[] = [];
  for (const r of an.nodes) {
    const value = an.plan.kinds[r.index] === SOURCE ? undefined : scalar(r.value);
    if (value !== undefined) out.push({ name: `f${r.index + 1}`, x: value });
    const grad = r.index === an.plan.output ? undefined : scalar(r.grad);
    if (grad !== undefined) out.push({ name: `b${r.index + 1}`, x: grad });
  }
  return out;
}

/** "f" or "b": the kind a name is of, so values are matched with values and gradients with gradients. */
const kindOf = (name: string): string => name[0];

/** The number a value or gradient blank stands for, when it is a scalar. */
function blankNumber(an: Analysis, name: string): number | undefined {
  const b = parseBlank(name);
  if (b?.kind !== 'value' && b?.kind !== 'grad') return undefined;
  const r = an.nodes[b.index];
  return r ? scalar(b.kind === 'value' ? r.value : r.grad) : undefined;
}

/**
 * Every printed number that equals a blank or its negative, each named once (after the first
 * blank it matches, in key order). An empty list when the blanks give nothing away.
 */
export function giveaways(an: Analysis, blankNames: readonly string[]): Giveaway[] {
  const blanks = normalizeBlanks(blankNames);
  const hidden = new Set(blanks);
  const answers = blanks.flatMap((name) => {
    const x = blankNumber(an, name);
    return x === undefined ? [] : [{ name, x }];
  });
  const found: Giveaway[] = [];
  for (const p of printedNumbers(an)) {
    if (hidden.has(p.name)) continue;
    const match = answers.find((a) => kindOf(a.name) === kindOf(p.name) && (same(p.x, a.x) || same(p.x, -a.x)));
    if (match) found.push({ name: p.name, blank: match.name, negated: !same(p.x, match.x) });
  }
  return found;
}

/** The blanks and every number that would give one away, in key order: what a fair sheet hides. */
export const fairBlanks = (an: Analysis, blankNames: readonly string[]): string[] =>
  normalizeBlanks([...blankNames, ...giveaways(an, blankNames).map((g) => g.name)]);

/** "b5 (= b1)", "b4 (= −b2)": why a number is hidden, as a note to the author reads it. */
export const giveawayText = (g: Giveaway): string => `${g.name} (= ${g.negated ? '−' : ''}${g.blank})`;
