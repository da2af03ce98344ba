import { readFileSync } from 'node:fs';
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { analyze } from '../graph/analyze';
import { createExactEngine } from '../exact/engine';
import { checkExpected } from '../graph/fixture';
import { formulaToDocument } from '../graph/formula-to-graph';
import { parseDocument, validateDocument } from '../graph/load';
import type { GraphDocument } from '../graph/schema';
import { readExam, withBlanks } from './blanks';
import { combinedKeyMarkdown, FRACTION_VALUES, generateVariants, INTEGER_VALUES, valuesText, VariantError, type Variant } from './variants';

const exact = createExactEngine(mathjs);
const LN2 = Math.log(2);
const B1_TO_B6 = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];

function p1(): GraphDocument {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

const formula = (src: string, values: Record<string, number>) => formulaToDocument(src, { values });

/** Relative within tol, absolute near zero. */
const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

const tuples = (vs: readonly Variant[]) => vs.map((v) => Object.values(v.values).join(','));

describe('P1 (seed exam 000) with blanks b1..b6, 30 variants', () => {
  const doc = withBlanks(p1(), B1_TO_B6);
  const variants = generateVariants(doc, { n: 30, seed: 7, exact });

  it('makes 30 variants numbered 1..30, titled and carrying the blanks and their own answers, not the original’s', () => {
    expect(variants.map((v) => v.index)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const v of variants) {
      expect(v.doc.title).toBe(`P1. Backprop on f = z · 2^(x − y) — variant ${v.index}`);
      expect(v.doc.description).toMatch(new RegExp(`^Variant ${v.index}, at ${valuesText(v.values)}\\.`));
      expect(readExam(v.doc).blanks).toEqual(B1_TO_B6);
      // f = z · 2^(x − y), ∂f/∂z = 2^(x − y): the variant's own numbers, no exact forms copied from the original.
      const { x, y, z } = v.values;
      expect(v.doc.expected?.output).toBeCloseTo(z * 2 ** (x - y), 12);
      expect(v.doc.expected?.gradients?.z).toBeCloseTo(2 ** (x - y), 12);
      expect(v.doc.expected?.tol).toBe(1e-9);
      expect(Object.values(v.doc.expected?.nodes ?? {}).some((e) => e.exact)).toBe(false);
      expect(checkExpected(analyze(v.doc))).toEqual([]);
      expect(validateDocument(JSON.parse(JSON.stringify(v.doc))).ok).toBe(true);
    }
  });

  it('draws integers from −5..5 without 0 and 1, all distinct and none the original (2, 1, −3)', () => {
    const seen = tuples(variants);
    expect(new Set(seen).size).toBe(30);
    expect(seen).not.toContain('2,1,-3');
    for (const v of variants) {
      expect(Object.keys(v.values)).toEqual(['x', 'y', 'z']);
      for (const x of Object.values(v.values)) expect(INTEGER_VALUES).toContain(x);
    }
  });

  it('agrees with the exam’s analytic gradients: df/dx = ln2 · z · 2^(x−y), df/dy = −df/dx, df/dz = 2^(x−y)', () => {
    for (const {
      values: { x, y, z },
      doc: vdoc,
    } of variants) {
      // Analysed afresh from the document, not taken from the variant: the document is what is handed out.
      const an = analyze(vdoc);
      expect(an.invalid).toEqual([]);
      const grad = (k: number) => an.nodes[k].grad as number;
      expect(close(grad(0), LN2 * z * 2 ** (x - y))).toBe(true);
      expect(close(grad(1), -LN2 * z * 2 ** (x - y))).toBe(true);
      expect(close(grad(2), 2 ** (x - y))).toBe(true);
      expect(an.nodes[6].value).toBeCloseTo(z * 2 ** (x - y), 12);
    }
  });

  it('gives every blank a compact exact form whose decimal matches the float engine to 1e-12', () => {
    for (const v of variants) {
      const an = analyze(v.doc);
      const forms = exact.exactValues(an.plan, an.evaluation);
      for (const k of [0, 1, 2, 3, 4, 5]) expect(forms.grad[k], `${valuesText(v.values)} b${k + 1}`).not.toBeNull();
      an.nodes.forEach((r, k) => {
        const pairs = [
          [forms.value[k], r.value],
          [forms.grad[k], r.grad],
        ] as const;
        for (const [form, x] of pairs) if (form) expect(close(form.decimal, x as number), `${valuesText(v.values)} ${r.label}`).toBe(true);
      });
      // 2^(x − y) is a power of two, so b1 is a rational multiple of ln 2 and b3 a rational.
      expect(v.answers.grad[0]?.text).toMatch(/ln 2/);
      expect(v.answers.grad[2]?.text).toMatch(/^\d+(\/\d+)?$/);
    }
  });

  it('keeps every number a student writes between 1/100 and 100 in size', () => {
    for (const v of variants) {
      for (const r of v.analysis.nodes) {
        for (const x of [r.value, r.grad] as number[]) {
          expect(Math.abs(x)).toBeGreaterThanOrEqual(0.01);
          expect(Math.abs(x)).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('writes each key as the exam’s table with exact forms, and the combined key with one section per variant', () => {
    const first = variants[0];
    const b1 = first.answers.grad[0]?.text as string;
    expect(first.answerKey).toMatch(/^\| blank \| exact \| decimal \|\n\| --- \| --- \| --- \|\n\| b1 \| /);
    expect(first.answerKey).toContain(`| b1 | ${b1} |`);
    expect(first.answerKey.trim().split('\n')).toHaveLength(2 + 6);
    const combined = combinedKeyMarkdown(doc.title as string, variants);
    expect(combined.match(/^## Variant \d\d$/gm)).toHaveLength(30);
    expect(combined).toContain(`## Variant 07\n\nInputs: ${valuesText(variants[6].values)}\n\n${variants[6].answerKey}`);
  });
});

describe('determinism', () => {
  const doc = p1();
  const run = (seed: number) => generateVariants(doc, { n: 8, seed, exact });

  it('gives identical variants for the same seed', () => {
    const [a, b] = [run(3), run(3)];
    expect(b.map((v) => [v.values, v.doc, v.answerKey])).toEqual(a.map((v) => [v.values, v.doc, v.answerKey]));
  });

  it('gives different variants for a different seed', () => {
    expect(tuples(run(4))).not.toEqual(tuples(run(3)));
  });
});

describe('which values are nice', () => {
  it('without blanks, requires every f_i and b_i to be exact, and never lets x − y be 0 (2^0 = 1 gives the step away)', () => {
    const variants = generateVariants(p1(), { n: 20, seed: 1, exact });
    for (const v of variants) {
      expect(v.values.x).not.toBe(v.values.y);
      expect(v.answers.value.every((f) => f !== null)).toBe(true);
      expect(v.answers.grad.every((f) => f !== null)).toBe(true);
    }
  });

  it('draws halves and thirds for an input given as a fraction, integers for the others', () => {
    const variants = generateVariants(formula('x * y + y', { x: 0.5, y: 3 }), { n: 10, seed: 2, exact });
    for (const {
      values: { x, y },
      answers,
    } of variants) {
      expect(FRACTION_VALUES).toContain(x);
      expect(Number.isInteger(x)).toBe(false);
      expect(INTEGER_VALUES).toContain(y);
      // x is read back exactly: 1/3 as a double is 1/3 to the exact engine.
      expect(answers.value[0]?.text).toMatch(/^-?\d\/[23]$/);
    }
  });

  it('does not repeat one answer across all the blanks when the original does not', () => {
    // The blanks are b1 = y and b2 = x: x = y would make them equal.
    const doc = withBlanks(formula('x * y', { x: 2, y: 3 }), ['b1', 'b2']);
    const variants = generateVariants(doc, { n: 30, seed: 5, exact });
    for (const v of variants) expect(v.values.x).not.toBe(v.values.y);
  });

  it('takes the values given for an input instead of the defaults', () => {
    const variants = generateVariants(p1(), { n: 3, seed: 1, exact, values: { x: [3, 4], y: [2] } });
    expect(new Set(variants.map((v) => v.values.y))).toEqual(new Set([2]));
    for (const v of variants) expect([3, 4]).toContain(v.values.x);
  });

  it('reads input names as plain keys, even one like "constructor"', () => {
    const doc = graph([inp('constructor', 2), ['sq', 'square']], [['constructor', 'sq', 'u']]);
    const variants = generateVariants(doc, { n: 3, seed: 1, exact });
    for (const v of variants) expect(v.doc.nodes[0].value).toBe(v.values.constructor);
  });

  it('varies only the scalar inputs of a tensor graph', () => {
    const doc = graph(
      [inp('T', { shape: [3], data: [1, 2, 3] }), inp('s', 2), ['m', 'mul'], ['total', 'sum']],
      [
        ['T', 'm', 'a'],
        ['s', 'm', 'b'],
        ['m', 'total', 'x'],
      ],
    );
    const variants = generateVariants(doc, { n: 5, seed: 1, exact });
    for (const v of variants) {
      expect(Object.keys(v.values)).toEqual(['s']);
      expect(v.doc.nodes[0]).toEqual(doc.nodes[0]);
      // sum(T · s) = 6s: checked against the closed form, not the engine.
      expect(v.analysis.output?.value).toBe(6 * v.values.s);
    }
  });
});

describe('clear errors', () => {
  const attempt = (doc: GraphDocument, n: number, values?: Record<string, number[]>) => () =>
    generateVariants(doc, { n, seed: 1, exact, values });

  it('counts the variants that exist when there are too few: log x at x = 2 leaves only 3, 4 and 5', () => {
    const call = attempt(formula('log(x)', { x: 2 }), 5);
    expect(call).toThrow(VariantError);
    expect(call).toThrow(
      /^only 3 distinct variants of this graph have valid, compact answers with x in -5\.\.5 \(integers other than 0 and 1\); 5 asked for \(of 8 candidates, 5 give a node an error \(f2: log of a non-positive number: -[1-5]\)\)$/,
    );
    expect(
      generateVariants(formula('log(x)', { x: 2 }), { n: 3, seed: 1, exact })
        .map((v) => v.values.x)
        .sort(),
    ).toEqual([3, 4, 5]);
  });

  it('explains that log(x − x) has no valid values at all', () => {
    expect(attempt(formula('log(x - x)', { x: 2 }), 1)).toThrow(
      /^only 0 distinct variants of this graph have valid, compact answers with x in -5\.\.5 .*; 1 asked for \(of 8 candidates, 8 give a node an error \(f\d: log of a non-positive number: 0\)\)$/,
    );
  });

  it('says when the answers have no compact exact form', () => {
    // sin n is no compact closed form for any integer n ≠ 0.
    expect(attempt(formula('sin(x)', { x: 2 }), 1)).toThrow(
      /^only 0 distinct variants .*\(of 8 candidates, 8 have an answer with no compact exact form\)$/,
    );
  });

  it('reports the budget rather than a count when the space is too large to try in full', () => {
    const names = Array.from({ length: 11 }, (_, i) => `x${i + 1}`);
    const doc = formula(`log(x1 - x1) + ${names.slice(1).join(' + ')}`, Object.fromEntries(names.map((name) => [name, 2])));
    expect(attempt(doc, 1)).toThrow(/^found only 0 valid variants of this graph in 200 tries with x1, x2, .*, x11 in -5\.\.5 /);
  });

  it('refuses a graph without scalar inputs, and malformed options', () => {
    const tensors = graph([inp('T', { shape: [2], data: [1, 2] }), ['total', 'sum']], [['T', 'total', 'x']]);
    expect(attempt(tensors, 1)).toThrow(
      'this graph has no scalar inputs to vary (its inputs T are tensors): a variant changes scalar input values only',
    );
    expect(attempt(p1(), 0)).toThrow('the number of variants must be a positive integer, got 0');
    expect(attempt(p1(), 1, { w: [2] })).toThrow('unknown input w in values; the scalar inputs are x, y, z');
    expect(attempt(p1(), 1, { x: [] })).toThrow('the values for x must be a non-empty list of finite numbers');
  });
});

describe('a difficulty band the author sets (P1, b1..b6)', () => {
  const doc = withBlanks(p1(), B1_TO_B6);
  /** Every value and gradient of a variant, in size, zeros left out. */
  const sizes = (v: Variant) =>
    v.analysis.nodes.flatMap((r) => [r.value, r.grad]).flatMap((x) => (typeof x === 'number' && x !== 0 ? [Math.abs(x)] : []));

  it('keeps every number within the sizes asked for: f6 = 2^(x − y) within 1/4..20 means x − y in −2..4', () => {
    const variants = generateVariants(doc, { n: 12, seed: 3, exact, band: { smallest: 0.25, largest: 20 } });
    for (const v of variants) {
      expect(Math.min(...sizes(v))).toBeGreaterThanOrEqual(0.25);
      expect(Math.max(...sizes(v))).toBeLessThanOrEqual(20);
      expect(v.values.x - v.values.y).toBeGreaterThanOrEqual(-2);
      expect(v.values.x - v.values.y).toBeLessThanOrEqual(4);
    }
  });

  it('keeps every number in the exact answers to the digits asked for', () => {
    const variants = generateVariants(doc, { n: 12, seed: 3, exact, band: { digits: 1 } });
    for (const v of variants) {
      const written = B1_TO_B6.map((b) => v.answers.grad[Number(b.slice(1)) - 1]?.text ?? '');
      for (const text of written) for (const number of text.match(/\d+/g) ?? []) expect(number.length).toBe(1);
    }
    // Without the band the same seed makes answers such as "-40 ln 2" or "1/16".
    const free = generateVariants(doc, { n: 12, seed: 3, exact });
    expect(free.some((v) => v.answers.grad.some((f) => /\d\d/.test(f?.text ?? '')))).toBe(true);
  });

  it('says which bound is at fault, and why no variant fits a band too narrow', () => {
    expect(() => generateVariants(doc, { n: 1, seed: 1, exact, band: { smallest: 5, largest: 2 } })).toThrow(
      'the smallest size (5) is above the largest (2)',
    );
    expect(() => generateVariants(doc, { n: 1, seed: 1, exact, band: { digits: 0 } })).toThrow(
      'the number of digits must be a positive integer, got 0',
    );
    expect(() => generateVariants(doc, { n: 1, seed: 1, exact, band: { largest: -1 } })).toThrow(
      'the largest size must be a positive number',
    );
    expect(() => generateVariants(doc, { n: 3, seed: 1, exact, band: { largest: 1.5 } })).toThrow(/give a number beyond 1\.5/);
  });
});
