import { describe, expect, it } from 'vitest';
import { OPS, defaultParams } from '../ops/registry';
import type { ElementwiseOp } from '../ops/types';
import { rng } from '../tensor/init';
import type { Tensor } from '../tensor/tensor';
import { elementwiseBackward, elementwiseForward } from './broadcast';

const elementwise = OPS.filter((op): op is ElementwiseOp => op.kind === 'elementwise');

/** The first index where the two arrays differ bit for bit (Object.is, so 0 and −0 differ), or −1. */
const firstDifference = (a: Float64Array, b: Float64Array): number => {
  expect(a.length).toBe(b.length);
  return a.findIndex((v, i) => !Object.is(v, b[i]));
};

/** Values that probe each rule: ordinary numbers, zeros of both signs, kinks, and some too big for exp. */
function probe(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const special = [0, -0, 1, -1, 0.5, 2, 800, -800];
  return Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? special[Math.floor(r() * special.length)] : 6 * r() - 3));
}

const N = 257;
/**
 * The same numbers as [N] and as [1, N]. Against an output of [1, N] an [N] operand broadcasts, so
 * its op runs the general loop with index arrays (a unary op's forward never broadcasts: only its rule compares).
 */
const flat = (data: Float64Array): Tensor => ({ shape: [N], data });
const row = (data: Float64Array): Tensor => ({ shape: [1, N], data });

describe('elementwise ops on same-shaped tensors (the loop without index arrays)', () => {
  for (const op of elementwise) {
    const p = defaultParams(op);
    const binary = op.inputs.length === 2;
    const a = probe(N, 1);
    const b = binary ? probe(N, 2).map((v) => (v === 0 ? 0.25 : v)) : null;

    it(`${op.type}: forward is the rule applied per element, bit for bit, as the broadcasting loop gives it`, () => {
      const fast = elementwiseForward(op, flat(a), b && flat(b), p);
      const general = elementwiseForward(op, row(a), b && flat(b), p);
      expect(general.out.shape).toEqual([1, N]);
      expect(fast.error?.at ?? -1).toBe(general.error?.at ?? -1);
      if (fast.error) return;
      const want = Float64Array.from(a, (x, i) => op.forward(x, b ? b[i] : 0, p));
      expect(firstDifference(fast.out.data, want)).toBe(-1);
      expect(firstDifference(fast.out.data, general.out.data)).toBe(-1);
      expect(fast.finite).toBe(want.every(Number.isFinite));
      expect(general.finite).toBe(fast.finite);
    });

    it(`${op.type}: backward is g times the local derivative per element, as the broadcasting loop gives it`, () => {
      const fwd = elementwiseForward(op, flat(a), b && flat(b), p);
      if (fwd.error) return;
      const g = flat(probe(N, 3));
      op.inputs.forEach((port, j) => {
        const fast = elementwiseBackward(op, j, flat(a), b && flat(b), fwd.out, g, p);
        const general = elementwiseBackward(op, j, flat(a), b && flat(b), { shape: [1, N], data: fwd.out.data }, g, p);
        const want = Float64Array.from(a, (x, i) => 0 + g.data[i] * op.derivative[port.name](x, b ? b[i] : 0, fwd.out.data[i], p));
        expect(firstDifference(fast.data, want)).toBe(-1);
        expect(firstDifference(fast.data, general.data)).toBe(-1);
      });
    });
  }

  it('reports a non-finite output, and where a domain error comes first', () => {
    const exp = elementwise.find((op) => op.type === 'exp');
    const log = elementwise.find((op) => op.type === 'log');
    if (!exp || !log) throw new Error('exp and log are registered ops');
    const x = Float64Array.of(1, 2, 800, 3);
    expect(elementwiseForward(exp, { shape: [4], data: x }, null, {}).finite).toBe(false);
    expect(elementwiseForward(exp, { shape: [2], data: x.subarray(0, 2) }, null, {}).finite).toBe(true);
    const bad = elementwiseForward(log, { shape: [4], data: Float64Array.of(1, 2, -1, 0) }, null, {});
    expect(bad.error?.at).toBe(2);
  });
});
