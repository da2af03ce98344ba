/**
 * Variants for a class (issue 6): one question, N sets of "nice" input values, each with its
 * answer key. A candidate is kept only when every node evaluates, no answer degenerates and
 * every blank has a compact exact form, so each variant is as fair to set as the original.
 */
import { analyze, type Analysis, type NodeResult } from '../graph/analyze';
import { expectedOf, withExpected } from '../graph/expected';
import { problemText } from '../graph/problems';
import { rationalText } from '../exact/rational';
import { markdownText } from '../escape/markdown';
import type { ExactEngine } from '../exact/types';
import { rng } from '../tensor/init';
import type { GraphDocument } from '../graph/schema';
import type { Value } from '../tensor/tensor';
import { answerKeyMarkdown } from './answer-key';
import type { ExactAnswers } from './answers';
import { blankProblem, parseBlank, readExam } from './blanks';

/** Why no (or too few) variants can be made; the message is one line, meant for the user. */
export class VariantError extends Error {
  override readonly name = 'VariantError';
}

/**
 * Integers an input takes when its original value is an integer. 0 is left out because it
 * annihilates: a product through it and the gradient of its other factor vanish, and log 0 or
 * 1/0 fail. 1 is left out because it is an identity (x · 1, 1^u, log 1 = 0) that lets a
 * student skip a step. −1 stays: a sign flip is still a step to get right.
 */
export const INTEGER_VALUES: readonly number[] = [-5, -4, -3, -2, -1, 2, 3, 4, 5];

/**
 * Values an input takes when its original value is a fraction: halves and thirds strictly
 * between −3 and 3 that are not integers, so the variant keeps the original's fraction arithmetic.
 */
export const FRACTION_VALUES: readonly number[] = [
  -8 / 3,
  -5 / 2,
  -7 / 3,
  -5 / 3,
  -3 / 2,
  -4 / 3,
  -2 / 3,
  -1 / 2,
  -1 / 3,
  1 / 3,
  1 / 2,
  2 / 3,
  4 / 3,
  3 / 2,
  5 / 3,
  7 / 3,
  5 / 2,
  8 / 3,
];

/** Candidates tried per variant asked for before giving up: P1 needs under 2 each (424 of its 729 are valid). */
const ATTEMPTS_PER_VARIANT = 200;

/** Lazy Fisher–Yates needs a uniform index below the space size; mulberry32 gives 32 bits. */
const SHUFFLE_LIMIT = 2 ** 32;

/** Two answers this close (relative, absolute near zero) count as equal; zero likewise. */
const SAME = 1e-12;

/**
 * The sizes a value or gradient may have, so every number stays one a student can work with
 * by hand: z · 2^(x − y) at x = 5, y = −5 asks for 5120 ln 2, at x = −5, y = 5 for 2^−10. A
 * graph whose original already goes further (e^5) keeps its own range.
 */
const LARGEST = 100;
const SMALLEST = 1 / 100;

export interface VariantOptions {
  /** How many variants to make (1 or more). */
  readonly n: number;
  /** Seeds the PRNG: the same document, seed and options give the same variants. */
  readonly seed: number;
  /** Checks and writes the exact answers; `loadExact()` in the app, `createExactEngine(mathjs)` elsewhere. */
  readonly exact: ExactEngine;
  /**
   * The values to draw from, by input name, replacing the default for those inputs
   * (INTEGER_VALUES, or FRACTION_VALUES when the original value is not an integer).
   */
  readonly values?: Readonly<Record<string, readonly number[]>>;
  /** How hard the numbers may be; without it, sizes within 1/100..100 (or the original's range). */
  readonly band?: DifficultyBand;
}

/**
 * The difficulty an author allows, so the variants of a class are alike (not 2^−6 in one and 2^5
 * in another). Each bound is optional.
 */
export interface DifficultyBand {
  /** Every non-zero value and gradient is at least this in size; the original's own range does not widen it. */
  readonly smallest?: number;
  /** Every value and gradient is at most this in size. */
  readonly largest?: number;
  /**
   * No number in a checked answer's exact form has more digits than this ("5120 ln 2" has a
   * 4-digit number, "-3/4" two 1-digit ones). Scalar graphs only: tensor answers are decimals.
   */
  readonly digits?: number;
}

/** One variant of the question. */
export interface Variant {
  /** 1-based, as printed: "variant 1". */
  readonly index: number;
  /** The value of every scalar input, by name, in numbering order. */
  readonly values: Readonly<Record<string, number>>;
  /**
   * The original document with these input values, " — variant k" after the title, the values
   * at the head of the description, and its own `expected` block (every value, gradient and
   * shape, the original's tolerance), so `backprop check` passes on it.
   */
  readonly doc: GraphDocument;
  /** `doc` analysed, for drawing the student sheet without evaluating it again. */
  readonly analysis: Analysis;
  /** The exact forms of every value and gradient (nulls for tensor graphs: decimals are printed). */
  readonly answers: ExactAnswers;
  /** The answer key as a Markdown table (answerKeyMarkdown with the exact answers). */
  readonly answerKey: string;
}

/** An answer a variant is checked on: f_i or b_i, by plan index. */
interface Checked {
  readonly kind: 'value' | 'grad';
  readonly index: number;
}

/** Why a candidate was turned down. */
type Reason = 'error' | 'degenerate' | 'size' | 'inexact' | 'digits';

const scalar = (v: Value | undefined): number | undefined =>
  typeof v === 'number' ? v : v !== undefined && v.shape.length === 0 ? v.data[0] : undefined;

const isZero = (x: number): boolean => Math.abs(x) <= SAME;
const same = (a: number, b: number): boolean => Math.abs(a - b) <= SAME * Math.max(1, Math.abs(a), Math.abs(b));

/** An input value as an answer key writes it: "3", "-1/2"; a custom value that is no fraction as is. */
const valueText = (x: number): string => rationalText(x) ?? String(x);

/** "x = 3, y = -1, z = 1/2": the values of a variant in one line. */
export const valuesText = (values: Readonly<Record<string, number>>): string =>
  Object.entries(values)
    .map(([name, x]) => `${name} = ${valueText(x)}`)
    .join(', ');

/**
 * The answers a variant must get right: the document's value and gradient blanks, or, without
 * blanks, every f_i and b_i (as the key then lists them all). Shape and parameter blanks do not
 * depend on input values; cells are checked for errors with everything else.
 */
function checkedAnswers(an: Analysis): Checked[] {
  const named = readExam(an.doc).blanks.filter((b) => blankProblem(b, an.plan) === null);
  if (named.length) {
    return named.flatMap((name) => {
      const b = parseBlank(name);
      return b && (b.kind === 'value' || b.kind === 'grad') ? [{ kind: b.kind, index: b.index }] : [];
    });
  }
  return (['value', 'grad'] as const).flatMap((kind) => an.nodes.map((r) => ({ kind, index: r.index })));
}

const answerOf = (an: Analysis, c: Checked): number | undefined => {
  const r = an.nodes[c.index];
  return scalar(c.kind === 'value' ? r.value : r.grad);
};

/** Whether the checked answers are all equal (two or more of them), which makes a sheet guessable. */
function allEqual(an: Analysis, checked: readonly Checked[]): boolean {
  const xs = checked.map((c) => answerOf(an, c)).filter((x): x is number => x !== undefined);
  return xs.length > 1 && xs.every((x) => same(x, xs[0]));
}

/**
 * Every distinct index tuple of the candidate space once, in a seeded random order: a lazy
 * Fisher–Yates over the mixed-radix numbering of the space, so k candidates cost O(k) however
 * large the space. A space too large to shuffle is sampled instead (the caller drops repeats,
 * which are then rare).
 */
function* candidates(sizes: readonly number[], random: () => number): Generator<number[]> {
  const total = sizes.reduce((a, b) => a * b, 1);
  const decode = (at: number): number[] =>
    sizes.map((s) => {
      const digit = at % s;
      at = Math.floor(at / s);
      return digit;
    });
  if (total > SHUFFLE_LIMIT) {
    for (;;) yield sizes.map((s) => Math.floor(random() * s));
  }
  const moved = new Map<number, number>();
  for (let i = 0; i < total; i++) {
    const j = i + Math.floor(random() * (total - i));
    const pick = moved.get(j) ?? j;
    moved.set(j, moved.get(i) ?? i);
    yield decode(pick);
  }
}

/** The inputs a variant varies: scalar `input` nodes, by name (nodes sharing a name share a value). */
function scalarInputs(original: Analysis): Map<string, number> {
  const inputs = new Map<string, number>();
  for (const r of original.nodes) {
    const x = r.op === 'input' ? scalar(r.value) : undefined;
    if (x !== undefined && !inputs.has(r.name)) inputs.set(r.name, x);
  }
  return inputs;
}

/** The pools in words, for the error: "x, y, z in -5..5 (integers other than 0 and 1)". */
function poolsText(names: readonly string[], pools: readonly (readonly number[])[]): string {
  const groups = new Map<string, string[]>();
  names.forEach((name, i) => {
    const pool = pools[i];
    const text =
      pool === INTEGER_VALUES
        ? 'in -5..5 (integers other than 0 and 1)'
        : pool === FRACTION_VALUES
          ? 'in halves and thirds between -3 and 3'
          : `in {${pool.map(valueText).join(', ')}}`;
    groups.set(text, [...(groups.get(text) ?? []), name]);
  });
  return [...groups].map(([text, group]) => `${group.join(', ')} ${text}`).join(' and ');
}

/** The document with the inputs set, and the title and description saying which variant it is. */
function variantDocument(doc: GraphDocument, index: number, values: Readonly<Record<string, number>>): GraphDocument {
  const suffix = ` — variant ${index}`;
  // The schema caps titles at 500 and descriptions at 20000 characters; a variant must stay loadable.
  const title = (doc.title ?? 'Computational graph').slice(0, 500 - suffix.length) + suffix;
  const lead = `Variant ${index}, at ${valuesText(values)}.`;
  const description = doc.description
    ? `${lead} The original question follows; its values are replaced by these.\n\n${doc.description}`
    : lead;
  const { expected: _expected, ...rest } = doc;
  return {
    ...rest,
    title,
    description: description.slice(0, 20000),
    nodes: doc.nodes.map((nd) => {
      const name = nd.name ?? nd.id;
      return nd.op === 'input' && Object.hasOwn(values, name) ? { ...nd, value: values[name] } : nd;
    }),
  };
}

/**
 * The rules a candidate must pass, measured against the original (a zero, a repeated answer or
 * a large number the original already has is the question's, not the variant's doing).
 */
function criteria(original: Analysis, exact: ExactEngine, band: DifficultyBand = {}) {
  const checked = checkedAnswers(original);
  const numbers = (r: NodeResult) => [scalar(r.value), scalar(r.grad)];
  const zeros = original.nodes.map((r) => numbers(r).map((x) => x !== undefined && isZero(x)));
  const sizes = original.nodes.flatMap(numbers).flatMap((x) => (x !== undefined && !isZero(x) ? [Math.abs(x)] : []));
  const largest = band.largest ?? Math.max(LARGEST, ...sizes);
  const smallest = band.smallest ?? Math.min(SMALLEST, ...sizes);
  const equalAllowed = allEqual(original, checked);
  const reasons: Record<Reason, number> = { error: 0, degenerate: 0, size: 0, inexact: 0, digits: 0 };
  let example = '';

  /** Null when the candidate is valid, else why not. Cheap float checks first: exact forms cost tens of milliseconds. */
  function judge(an: Analysis): Reason | null {
    if (an.invalid.length) {
      const r = an.invalid[0];
      example ||= `${r.label}: ${r.problem ? problemText(r.problem, an.labels) : ''}`;
      return 'error';
    }
    const zero = an.nodes.some((r) => numbers(r).some((x, j) => x !== undefined && isZero(x) && !zeros[r.index][j]));
    if (zero || (!equalAllowed && allEqual(an, checked))) return 'degenerate';
    const outside = an.nodes.some((r) =>
      numbers(r).some((x) => x !== undefined && !isZero(x) && (Math.abs(x) > largest || Math.abs(x) < smallest)),
    );
    if (outside) return 'size';
    if (!an.plan.scalarOnly) return null;
    const forms = exact.exactValues(an.plan, an.evaluation);
    const written = checked.flatMap((c) => (answerOf(an, c) === undefined ? [] : [forms[c.kind][c.index]]));
    if (written.some((f) => f === null)) return 'inexact';
    const { digits } = band;
    return digits !== undefined && written.some((f) => f !== null && longestNumber(f.text) > digits) ? 'digits' : null;
  }

  return {
    /** Whether the candidate is valid; a rejection is tallied for `why`. */
    accept(an: Analysis): boolean {
      const reason = judge(an);
      if (reason) reasons[reason]++;
      return reason === null;
    },
    /** The tally in words: "700 give a node an error (f3: log of a non-positive number: -3), ...". */
    why(): string {
      return [
        reasons.error && `${reasons.error} give a node an error (${example})`,
        reasons.degenerate && `${reasons.degenerate} make an answer 0 or all answers equal`,
        reasons.size && `${reasons.size} give a number beyond ${largest} or below ${smallest} in size`,
        reasons.inexact && `${reasons.inexact} have an answer with no compact exact form`,
        reasons.digits && `${reasons.digits} have an answer with a number of more than ${band.digits} digits`,
      ]
        .filter(Boolean)
        .join(', ');
    },
  };
}

/** The most digits of any number written in an exact form: 4 for "5120 ln 2", 1 for "-6 ln 2". */
export const longestNumber = (text: string): number => Math.max(0, ...(text.match(/\d+/g) ?? []).map((d) => d.length));

/** Checks the band is one a variant can meet; the message names the bound at fault. */
function checkBand(band: DifficultyBand): void {
  const { smallest, largest, digits } = band;
  for (const [name, x] of [
    ['smallest', smallest],
    ['largest', largest],
  ] as const) {
    if (x !== undefined && !(Number.isFinite(x) && x > 0)) throw new VariantError(`the ${name} size must be a positive number, got ${x}`);
  }
  if (smallest !== undefined && largest !== undefined && smallest > largest)
    throw new VariantError(`the smallest size (${smallest}) is above the largest (${largest})`);
  if (digits !== undefined && !(Number.isSafeInteger(digits) && digits >= 1))
    throw new VariantError(`the number of digits must be a positive integer, got ${digits}`);
}

/** The values each input is drawn from: its own from `values`, else the default for its kind. */
function valuePools(inputs: ReadonlyMap<string, number>, values: VariantOptions['values']): (readonly number[])[] {
  const unknown = Object.keys(values ?? {}).find((name) => !inputs.has(name));
  if (unknown !== undefined)
    throw new VariantError(`unknown input ${unknown} in values; the scalar inputs are ${[...inputs.keys()].join(', ')}`);
  return [...inputs].map(([name, x]) => {
    const own = values && Object.hasOwn(values, name) ? values[name] : undefined;
    if (own === undefined) return Number.isInteger(x) ? INTEGER_VALUES : FRACTION_VALUES;
    const pool = [...new Set(own)];
    if (!pool.length || !pool.every(Number.isFinite))
      throw new VariantError(`the values for ${name} must be a non-empty list of finite numbers`);
    return pool;
  });
}

/**
 * Makes `n` variants of a question, each with different nice input values, deterministically
 * from the seed. Only scalar inputs vary. A candidate is kept when it differs from the original
 * and from every variant before it, and:
 * - no node has an error (no division by zero, log of a non-positive number, ...);
 * - no value or gradient is 0 unless it is 0 in the original, and the checked answers are not
 *   all equal unless they are in the original (a zero or a repeated answer gives a step away);
 * - every value and gradient is between 1/100 and 100 in size, or within the original's range;
 * - on scalar graphs, every value and gradient blank (every f_i and b_i when there are none)
 *   has a compact exact form. Tensor graphs have no exact engine: their answers are decimals;
 * - within the author's difficulty band when given (sizes, and digits of the exact forms).
 * Candidates are drawn without repeats, up to 200 per variant asked for.
 * @throws VariantError when the graph has no scalar input, the options are malformed, or fewer
 *   than `n` valid variants exist (or were found within the budget), saying why candidates failed.
 */
export function generateVariants(doc: GraphDocument, opts: VariantOptions): Variant[] {
  const { n, seed, exact } = opts;
  if (!Number.isSafeInteger(n) || n < 1) throw new VariantError(`the number of variants must be a positive integer, got ${n}`);
  if (!Number.isSafeInteger(seed)) throw new VariantError(`the seed must be an integer, got ${seed}`);
  checkBand(opts.band ?? {});
  const original = analyze(doc);
  const inputs = scalarInputs(original);
  if (!inputs.size) {
    const tensors = original.nodes.filter((r) => r.op === 'input').map((r) => r.name);
    throw new VariantError(
      `this graph has no scalar inputs to vary${tensors.length ? ` (its inputs ${tensors.join(', ')} are tensors)` : ''}: a variant changes scalar input values only`,
    );
  }
  const names = [...inputs.keys()];
  const pools = valuePools(inputs, opts.values);
  const rules = criteria(original, exact, opts.band);

  const variants: Variant[] = [];
  const seen = new Set<string>([[...inputs.values()].join(',')]);
  const budget = ATTEMPTS_PER_VARIANT * n;
  let tried = 0;
  let exhausted = true;
  for (const pick of candidates(
    pools.map((p) => p.length),
    rng(seed),
  )) {
    if (variants.length === n) break;
    if (tried === budget) {
      exhausted = false;
      break;
    }
    const tuple = pick.map((at, i) => pools[i][at]);
    const key = tuple.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    tried++;
    const values = Object.fromEntries(names.map((name, i) => [name, tuple[i]]));
    const index = variants.length + 1;
    const variantDoc = variantDocument(doc, index, values);
    const an = analyze(variantDoc);
    if (!rules.accept(an)) continue;
    // The original's step and counts are asked of the variant too; its numbers are the variant's.
    const fixture = expectedOf(an, { shapesOnly: false, previous: doc.expected });
    if (!fixture.ok) continue;
    const answers = exact.exactValues(an.plan, an.evaluation);
    const fixed = withExpected(variantDoc, fixture.expected);
    variants.push({ index, values, doc: fixed, analysis: an, answers, answerKey: answerKeyMarkdown(an, { answers }) });
  }
  if (variants.length < n) {
    const found = variants.length;
    const within = poolsText(names, pools);
    const head = exhausted
      ? `only ${found} distinct variant${found === 1 ? '' : 's'} of this graph ${found === 1 ? 'has' : 'have'} valid, compact answers with ${within}`
      : `found only ${found} valid variant${found === 1 ? '' : 's'} of this graph in ${tried} tries with ${within}`;
    const why = rules.why();
    throw new VariantError(`${head}; ${n} asked for${why ? ` (of ${tried} candidates, ${why})` : ''}`);
  }
  return variants;
}

/** Zero-padded variant numbers, as the files are named: "07" among 30, "007" among 120. */
export const variantNumber = (index: number, count: number): string => String(index).padStart(Math.max(2, String(count).length), '0');

/** One variant's key as a Markdown file: its title, its input values and the answer table. */
export const variantKeyMarkdown = (v: Variant): string =>
  `# ${markdownText(v.doc.title ?? '')}\n\nInputs: ${markdownText(valuesText(v.values))}\n\n${v.answerKey}`;

/**
 * The combined key for a class: one `## Variant 07` section per variant with its input values
 * and its answer table, under the original title.
 */
export function combinedKeyMarkdown(title: string, variants: readonly Variant[]): string {
  const sections = variants.map(
    (v) => `## Variant ${variantNumber(v.index, variants.length)}\n\nInputs: ${markdownText(valuesText(v.values))}\n\n${v.answerKey}`,
  );
  return [`# ${markdownText(title)}: answer keys of ${variants.length} variant${variants.length === 1 ? '' : 's'}\n`, ...sections].join(
    '\n',
  );
}
