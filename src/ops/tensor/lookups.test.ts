import { describe, expect, it } from 'vitest';
import { tensor } from '../../tensor/tensor';
import { defaultParams, OPS } from '../registry';
import { portsOf, type Params, type TensorOp } from '../types';
import { dropout, dropoutMask } from './dropout';
import { embedding } from './embedding';
import { expectGradients, expectPortGradients, opErrorMessage, randomTensor } from './testkit';
import { upsample } from './upsample';

const at = (op: TensorOp, p: Params): Params => ({ ...defaultParams(op), ...p });
const ids = (shape: number[], data: number[]) => tensor(shape, data);

describe('embedding', () => {
  const p = at(embedding, { numEmbeddings: 5, embeddingDim: 3 });
  const w = randomTensor([5, 3], 1);

  it('reads one row per index: out[i, j] = W[indices[i, j]]', () => {
    const out = embedding.forward({ indices: ids([2, 2], [4, 0, 4, 2]), weight: w }, p);
    expect(out.shape).toEqual([2, 2, 3]);
    expect([...out.data.subarray(0, 3)]).toEqual([...w.data.subarray(12, 15)]);
    expect([...out.data.subarray(6, 9)]).toEqual([...w.data.subarray(12, 15)]);
    expect([...out.data.subarray(9, 12)]).toEqual([...w.data.subarray(6, 9)]);
  });

  it('has a sparse weight gradient against central differences, a repeated row summing its two gradients', () => {
    expectPortGradients(embedding, { indices: ids([2, 3], [1, 3, 1, 0, 3, 3]), weight: w }, p, ['weight']);
  });

  it('gives the padding row no gradient (a negative paddingIdx counting from the end), rows never read 0', () => {
    const g = tensor(
      [4, 3],
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const indices = ids([4], [4, 1, 4, 2]);
    const out = embedding.forward({ indices, weight: w }, at(embedding, { ...p, paddingIdx: [-1] }));
    const dw = embedding.backward({ indices, weight: w }, out, g, at(embedding, { ...p, paddingIdx: [-1] })).weight;
    expect([...dw.data]).toEqual([0, 0, 0, 4, 5, 6, 10, 11, 12, 0, 0, 0, 0, 0, 0]);
    const plain = embedding.backward({ indices, weight: w }, out, g, p).weight;
    expect([...plain.data.subarray(12)]).toEqual([1 + 7, 2 + 8, 3 + 9]);
  });

  it('names an index out of range or not whole, with its place in the indices', () => {
    expect(opErrorMessage(() => embedding.forward({ indices: ids([2, 2], [0, 1, 5, 2]), weight: w }, p))).toBe(
      'embedding index 5 at element 2 [1, 0] of indices 2×2 is not a whole number in 0..4 (numEmbeddings 5)',
    );
    expect(opErrorMessage(() => embedding.forward({ indices: ids([3], [0, 1.5, 2]), weight: w }, p))).toBe(
      'embedding index 1.5 at element 1 [1] of indices 3 is not a whole number in 0..4 (numEmbeddings 5)',
    );
    expect(opErrorMessage(() => embedding.shape({ indices: [2], weight: [4, 3] }, p))).toBe(
      'embedding weight must be 5×3 (numEmbeddings×embeddingDim), got 4×3',
    );
    expect(opErrorMessage(() => embedding.shape({ indices: [2] }, { ...p, paddingIdx: [5] }))).toMatch(
      /^embedding paddingIdx must be empty \(no padding row\) or one whole number in -5\.\.4/,
    );
  });

  it('owns an N(0, 1) weight of numEmbeddings × embeddingDim parameters, and costs no multiply-adds', () => {
    expect(embedding.implicit?.('weight', { indices: [7] }, p)).toEqual({ shape: [5, 3], init: 'normal', scale: 1 });
    expect(embedding.cost?.({ indices: [7], weight: [5, 3] }, [7, 3], p)).toEqual({ params: 15, macs: 0 });
  });
});

describe('upsample', () => {
  const x = randomTensor([2, 2, 3, 4], 3);

  it('nearest by 2 repeats each pixel in a 2×2 block', () => {
    const small = tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    expect([...upsample.forward({ x: small }, at(upsample, {})).data]).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('bilinear with align corners keeps the corners and puts the midpoint between them', () => {
    const row = tensor([1, 1, 1, 2], [0, 1]);
    const out = upsample.forward({ x: row }, at(upsample, { mode: 'bilinear', alignCorners: true, size: [1, 3] }));
    expect([...out.data]).toEqual([0, 0.5, 1]);
    // Half-pixel centres: output 0 of 4 maps to −0.25, clamped to 0; output 1 to 0.25.
    const half = upsample.forward({ x: row }, at(upsample, { mode: 'bilinear', size: [1, 4] }));
    expect([...half.data]).toEqual([0, 0.25, 0.75, 1]);
  });

  it.each([
    ['nearest ×2', {}],
    ['nearest ×1.5', { scaleFactor: 1.5 }],
    ['nearest down to 2×3', { size: [2, 3] }],
    ['bilinear ×2', { mode: 'bilinear' }],
    ['bilinear ×0.6', { mode: 'bilinear', scaleFactor: 0.6 }],
    ['bilinear to 5×7, align corners', { mode: 'bilinear', size: [5, 7], alignCorners: true }],
    ['bilinear to 1×1, align corners', { mode: 'bilinear', size: 1, alignCorners: true }],
  ] as [string, Params][])('%s: gradient against central differences', (_name, p) => {
    expectGradients(upsample, { x }, at(upsample, p), ['x']);
  });

  it('names what it refuses', () => {
    expect(opErrorMessage(() => upsample.shape({ x: [3, 4, 4] }, at(upsample, {})))).toBe(
      "upsample expects N×C×H×W input (as F.interpolate's 2-D modes), got 3×4×4",
    );
    expect(opErrorMessage(() => upsample.shape({ x: [1, 1, 2, 2] }, at(upsample, { alignCorners: true })))).toMatch(
      /^upsample alignCorners applies to bilinear only/,
    );
    expect(opErrorMessage(() => upsample.shape({ x: [1, 1, 2, 2] }, at(upsample, { scaleFactor: 0.4 })))).toBe(
      'upsample of 1×1×2×2 by scaleFactor 0.4 gives an empty 0×0 image: use a larger factor',
    );
  });

  it('costs 1 per output element for nearest and 4 for bilinear (fvcore)', () => {
    expect(upsample.cost?.({ x: [1, 2, 3, 4] }, [1, 2, 6, 8], at(upsample, {}))).toEqual({ params: 0, macs: 96 });
    expect(upsample.cost?.({ x: [1, 2, 3, 4] }, [1, 2, 6, 8], at(upsample, { mode: 'bilinear' }))).toEqual({ params: 0, macs: 384 });
  });
});

describe('dropout', () => {
  const x = randomTensor([3, 5], 4);
  const train = at(dropout, { p: 0.3, seed: 7, training: true });

  it('is the identity in eval mode', () => {
    const out = dropout.forward({ x }, at(dropout, {}));
    expect([...out.data]).toEqual([...x.data]);
    expect(dropout.state?.({ x }, at(dropout, {}))).toBeNull();
  });

  it('in train mode zeroes the masked elements and scales the rest by 1/(1 − p)', () => {
    const out = dropout.forward({ x }, train);
    const mask = dropoutMask(x.shape, train);
    expect(mask.data.some((m) => m === 0) && mask.data.some((m) => m === 1)).toBe(true);
    out.data.forEach((v, i) => expect(v).toBeCloseTo(mask.data[i] === 0 ? 0 : x.data[i] / 0.7, 14));
    expect(dropout.state?.({ x }, train)).toEqual({ mask });
  });

  it('draws the same mask from the same seed, another from another', () => {
    expect(dropoutMask([40], train)).toEqual(dropoutMask([40], { ...train }));
    expect([...dropoutMask([40], train).data]).not.toEqual([...dropoutMask([40], { ...train, seed: 8 }).data]);
  });

  it('drops about p of the elements', () => {
    const kept = dropoutMask([10000], train).data.reduce((a, b) => a + b, 0);
    expect(Math.abs(kept / 10000 - 0.7)).toBeLessThan(0.02);
  });

  it('has gradients against central differences in both modes, and zeros everything at p = 1', () => {
    expectGradients(dropout, { x }, train, ['x']);
    expectGradients(dropout, { x }, at(dropout, {}), ['x']);
    expect([...dropout.forward({ x }, { ...train, p: 1 }).data].every((v) => v === 0)).toBe(true);
  });

  it('refuses p outside [0, 1]', () => {
    expect(opErrorMessage(() => dropout.shape({ x: [2] }, { ...train, p: 1.5 }))).toBe(
      'dropout probability p must be between 0 and 1, got 1.5',
    );
  });
});

describe('embedding, upsample and dropout describe themselves', () => {
  it.each([embedding, upsample, dropout].map((o) => [o.type, o] as const))('%s, with its default parameters', (_t, o) => {
    expect(OPS).toContain(o);
    const p = defaultParams(o);
    const args = portsOf(o, p).map((port) => port.name);
    for (const s of [o.symbol(p), o.text(args, p), o.latex(args, p), o.summary?.(p) ?? '']) expect(s).toMatch(/\S/);
    expect(Object.keys(o.rule?.(p) ?? {})).toEqual(args);
    expect(o.params.every((spec) => spec.label)).toBe(true);
  });
});
