/**
 * One walk over the registry checks every facet of every op by name, so an op with a facet
 * missing or wrong fails with the op's name: derivatives against central differences at its
 * test points, its domain at the points outside it, its exact (CAS) form against its forward,
 * its formula names, and its PyTorch form (run on real torch in pytorch-examples.test.ts).
 */
import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { formulaToDocument } from '../../src/graph/formula-to-graph';
import { defaultParams, FORMULA_FUNCTIONS, OPS } from '../../src/ops/registry';
import type { CheckPoint, ElementwiseOp, ExactPiece, Params } from '../../src/ops/types';

const elementwise = OPS.filter((op): op is ElementwiseOp => op.kind === 'elementwise');

interface Point {
  readonly p: Params;
  readonly a: number;
  readonly b: number;
}

function read(op: ElementwiseOp, pt: CheckPoint): Point {
  const [a, b = 0] = op.inputs.map((port) => {
    const v = pt.at[port.name];
    if (v === undefined) throw new Error(`${op.type}: a test point without port ${port.name}`);
    return v;
  });
  return { p: { ...defaultParams(op), ...pt.params }, a, b };
}

/** The port values and number params of a point, for mathjs. */
const scope = (op: ElementwiseOp, { p, a, b }: Point): Record<string, number> => ({
  ...Object.fromEntries(op.inputs.map((port, j) => [port.name, j === 0 ? a : b])),
  ...Object.fromEntries(
    op.params.flatMap((s) => {
      const v = p[s.name];
      return typeof v === 'number' ? [[s.name, v]] : [];
    }),
  ),
});

/** The piece a piecewise op takes at a point: by the sign of its input, or its interval between breaks. */
function pieceAt(op: ElementwiseOp, pt: Point, s: Record<string, number>): ExactPiece | undefined {
  const { pieces, intervals } = op.exact;
  if (intervals) {
    const i = intervals.breaks.findIndex((at) => pt.a <= Number(math.evaluate(at, s)));
    if (i < 0) return intervals.pieces[2 * intervals.breaks.length];
    return intervals.pieces[2 * i + (pt.a === Number(math.evaluate(intervals.breaks[i], s)) ? 1 : 0)];
  }
  if (!pieces) return undefined;
  const sign = Math.sign(op.inputs.length === 2 ? pt.a - pt.b : pt.a);
  return sign < 0 ? pieces.negative : sign > 0 ? pieces.positive : pieces.zero;
}

const closeTo = (actual: number, expected: number, what: string) =>
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected)));

describe.each(elementwise.map((op) => [op.type, op] as const))('%s', (_type, op) => {
  const smooth = op.checks.smooth.map((pt) => read(op, pt));
  const kinks = (op.checks.kinks ?? []).map((pt) => read(op, pt));

  it('has test points, each inside its domain', () => {
    expect(smooth.length).toBeGreaterThan(0);
    for (const pt of [...smooth, ...kinks]) expect(op.domain?.(pt.a, pt.b, pt.p) ?? null, JSON.stringify(pt)).toBeNull();
  });

  it('has local derivatives that agree with central differences at its smooth points', () => {
    const h = 1e-6;
    for (const { p, a, b } of smooth) {
      const out = op.forward(a, b, p);
      op.inputs.forEach((port, j) => {
        const f = (d: number) => (j === 0 ? op.forward(a + d, b, p) : op.forward(a, b + d, p));
        const fd = (f(h) - f(-h)) / (2 * h);
        expect(op.derivative[port.name](a, b, out, p), `d/d${port.name} at (${a}, ${b})`).toBeCloseTo(fd, 5);
      });
    }
  });

  it('names every point outside its domain', () => {
    for (const pt of op.checks.outside ?? []) {
      const { p, a, b } = read(op, pt);
      expect(op.domain?.(a, b, p), JSON.stringify(pt)).toMatch(/\S/);
    }
  });

  it('has an exact form that agrees with its forward and derivatives', () => {
    const { form, pieces, intervals, d: stated } = op.exact;
    expect(form ?? pieces ?? intervals, 'an exact form or pieces').toBeDefined();
    if (intervals) expect(intervals.pieces).toHaveLength(2 * intervals.breaks.length + 1);
    for (const pt of smooth) {
      const s = scope(op, pt);
      const out = op.forward(pt.a, pt.b, pt.p);
      if (form) {
        closeTo(Number(math.evaluate(form, s)), out, `${form} at ${JSON.stringify(s)}`);
        for (const port of op.inputs) {
          // A stated derivative (erf's, which mathjs cannot differentiate) is checked against central differences of the form.
          const d = stated ? Number(math.evaluate(stated[port.name], s)) : Number(math.derivative(form, port.name).evaluate(s));
          if (stated) {
            const h = 1e-6;
            const at = (dx: number) => Number(math.evaluate(form, { ...s, [port.name]: s[port.name] + dx }));
            expect(d, `stated d(${form})/d${port.name}`).toBeCloseTo((at(h) - at(-h)) / (2 * h), 6);
          }
          closeTo(d, op.derivative[port.name](pt.a, pt.b, out, pt.p), `d(${form})/d${port.name} at ${JSON.stringify(s)}`);
        }
      }
    }
    if (!pieces && !intervals) return;
    // Pieces are checked at the kinks too: they carry the conventions there (relu'(0) = 0).
    for (const pt of [...smooth, ...kinks]) {
      const s = scope(op, pt);
      const piece = pieceAt(op, pt, s) as ExactPiece;
      const out = op.forward(pt.a, pt.b, pt.p);
      closeTo(Number(math.evaluate(piece.value, s)), out, `piece ${piece.value} at ${JSON.stringify(s)}`);
      for (const port of op.inputs) {
        closeTo(
          Number(math.evaluate(piece.d[port.name], s)),
          op.derivative[port.name](pt.a, pt.b, out, pt.p),
          `piece d/d${port.name} at ${JSON.stringify(s)}`,
        );
      }
    }
  });

  it('builds itself from each of its formula names', () => {
    for (const name of op.formula ?? []) {
      expect(FORMULA_FUNCTIONS.get(name), name).toBe(op);
      const doc = formulaToDocument(`${name}(${op.inputs.length === 1 ? 'x' : 'x, y'})`);
      expect(doc.nodes.find((n) => n.id === doc.output)?.op, name).toBe(op.type);
    }
  });
});

describe.each(OPS.filter((op) => op.kind !== 'source').map((op) => [op.type, op] as const))('%s', (_type, op) => {
  it('has a PyTorch form whose template names only its ports and number parameters', () => {
    expect(op.torch).toBeDefined();
    if (typeof op.torch !== 'string') return;
    const known = new Set([...op.inputs.map((port) => port.name), ...op.params.filter((s) => s.kind === 'number').map((s) => s.name)]);
    for (const [, name] of op.torch.matchAll(/\{(\w+)\}/g)) expect(known.has(name), `{${name}} in ${op.torch}`).toBe(true);
  });
});

describe('the formula functions', () => {
  it('are names of one op each, with no name taken twice', () => {
    const names = elementwise.flatMap((op) => op.formula ?? []);
    expect(new Set(names).size).toBe(names.length);
    expect([...FORMULA_FUNCTIONS.keys()].sort()).toEqual([...names].sort());
  });
});
