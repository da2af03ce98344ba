import { tensor, type Tensor } from '../../tensor/tensor';
import { defaultParams } from '../registry';
import type { Params } from '../types';
import { crossEntropy, nllLoss } from './class-losses';
import { expectPortGradients, opErrorMessage, randomTensor } from './testkit';

const ce = (params: Params = {}): Params => ({ ...defaultParams(crossEntropy), ...params });
const nll = (params: Params = {}): Params => ({ ...defaultParams(nllLoss), ...params });
const value = (t: Tensor) => t.data[0];

/** −log softmax(row)_y for one row of logits. */
const rowLoss = (row: number[], y: number) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[y];

/** The logit row of pixel (n, h, w) of an N×C×H×W tensor. */
const pixel = (z: Tensor, n: number, s: number): number[] => {
  const [, C, H, W] = z.shape;
  return Array.from({ length: C }, (_, c) => z.data[(n * C + c) * H * W + s]);
};

describe('crossEntropy on N×C×H×W logits (segmentation, seed exam 002 §7.1)', () => {
  const z = randomTensor([2, 3, 2, 2], 7);
  const y = tensor([2, 2, 2], [0, 2, 1, 1, 2, 0, 0, 1]);
  const perPixel = Array.from({ length: 8 }, (_, i) => rowLoss(pixel(z, Math.floor(i / 4), i % 4), y.data[i]));

  it('is the per-pixel cross-entropy, kept as N×H×W, summed or averaged over every pixel', () => {
    const none = crossEntropy.forward({ logits: z, target: y }, ce({ reduction: 'none' }));
    expect(none.shape).toEqual([2, 2, 2]);
    perPixel.forEach((v, i) => expect(none.data[i]).toBeCloseTo(v, 14));
    const total = perPixel.reduce((s, v) => s + v, 0);
    expect(value(crossEntropy.forward({ logits: z, target: y }, ce({ reduction: 'sum' })))).toBeCloseTo(total, 13);
    expect(value(crossEntropy.forward({ logits: z, target: y }, ce()))).toBeCloseTo(total / 8, 14);
    expect(crossEntropy.shape({ logits: [2, 3, 2, 2], target: [2, 2, 2] }, ce({ reduction: 'none' }))).toEqual([2, 2, 2]);
  });

  it('leaves out ignored pixels, from the mean’s count too', () => {
    const ignored = tensor([2, 2, 2], [0, 255, 1, 1, 255, 0, 0, 1]);
    const kept = perPixel.filter((_, i) => i !== 1 && i !== 4);
    const mean = value(crossEntropy.forward({ logits: z, target: ignored }, ce({ ignoreIndex: 255 })));
    expect(mean).toBeCloseTo(kept.reduce((s, v) => s + v, 0) / 6, 14);
  });

  it('with class weights divides by the summed weights of the targets (PyTorch’s weighted mean)', () => {
    const w = tensor([3], [0.2, 1, 3]);
    const ws = [...y.data].map((c) => w.data[c]);
    const want = perPixel.reduce((s, v, i) => s + ws[i] * v, 0) / ws.reduce((s, v) => s + v, 0);
    expect(value(crossEntropy.forward({ logits: z, target: y, weight: w }, ce()))).toBeCloseTo(want, 14);
  });

  it('with label smoothing ε mixes in the mean of −log softmax over the classes: (1 − ε)·CE + ε·mean_c(−log p_c)', () => {
    const eps = 0.2;
    const row = [0.5, -1, 2];
    const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    const uniform = row.reduce((s, v) => s + (lse - v), 0) / 3;
    const got = value(crossEntropy.forward({ logits: tensor([3], row), target: tensor([], [1]) }, ce({ labelSmoothing: eps })));
    expect(got).toBeCloseTo((1 - eps) * (lse - row[1]) + eps * uniform, 14);
    // The same through one-hot probabilities.
    const soft = crossEntropy.forward(
      { logits: tensor([3], row), target: tensor([3], [0, 1, 0]) },
      ce({ labelSmoothing: eps, targetKind: 'probabilities' }),
    );
    expect(value(soft)).toBeCloseTo(got, 14);
  });

  it('has gradients that agree with central differences for every option; an index target gets none', () => {
    const w = tensor([3], [0.2, 1, 3]);
    const ignored = tensor([2, 2, 2], [0, -100, 1, 1, 2, 0, -100, 1]);
    for (const reduction of ['mean', 'sum', 'none']) {
      for (const labelSmoothing of [0, 0.3]) {
        const p = ce({ reduction, labelSmoothing });
        expectPortGradients(crossEntropy, { logits: z, target: y }, p, ['logits']);
        expectPortGradients(crossEntropy, { logits: z, target: ignored, weight: w }, p, ['logits']);
        const probs = randomTensor([2, 3, 2, 2], 8);
        expectPortGradients(crossEntropy, { logits: z, target: probs, weight: w }, { ...p, targetKind: 'probabilities' }, [
          'logits',
          'target',
        ]);
      }
    }
  });

  it('names the target shape it needs, a weight of the wrong size, and a mean with every target ignored', () => {
    expect(opErrorMessage(() => crossEntropy.shape({ logits: [2, 3, 4, 4], target: [2, 4] }, ce()))).toBe(
      'crossEntropy expects target of shape 2×4×4 for logits 2×3×4×4, got 2×4',
    );
    expect(opErrorMessage(() => crossEntropy.shape({ logits: [2, 3], target: [2], weight: [2] }, ce()))).toBe(
      'crossEntropy expects weight of shape 3 (one per class), got 2',
    );
    expect(opErrorMessage(() => crossEntropy.forward({ logits: tensor([3], [1, 2, 3]), target: tensor([], [-100]) }, ce()))).toBe(
      'crossEntropy: every target is ignored or has class weight 0, so the mean has nothing to average (PyTorch gives NaN)',
    );
    expect(
      opErrorMessage(() => crossEntropy.forward({ logits: tensor([3], [1, 2, 3]), target: tensor([], [1]) }, ce({ labelSmoothing: 1.5 }))),
    ).toBe('crossEntropy labelSmoothing must be from 0 to 1, got 1.5');
  });
});

describe('nllLoss', () => {
  it('of log softmax is cross-entropy, weights and ignoreIndex included', () => {
    const z = randomTensor([4, 5], 9);
    const y = tensor([4], [1, 4, -100, 0]);
    const w = tensor([5], [1, 2, 0.5, 1, 3]);
    const logp = tensor(
      [4, 5],
      [...z.data].map((v, i) => {
        const n = Math.floor(i / 5);
        const row = [...z.data.subarray(n * 5, n * 5 + 5)];
        return v - Math.log(row.reduce((s, r) => s + Math.exp(r), 0));
      }),
    );
    for (const reduction of ['mean', 'sum', 'none']) {
      const a = nllLoss.forward({ input: logp, target: y, weight: w }, nll({ reduction }));
      const b = crossEntropy.forward({ logits: z, target: y, weight: w }, ce({ reduction }));
      expect(a.shape).toEqual(b.shape);
      a.data.forEach((v, i) => expect(v).toBeCloseTo(b.data[i], 14));
      expectPortGradients(nllLoss, { input: logp, target: y, weight: w }, nll({ reduction }), ['input']);
    }
  });

  it('is −x_y, averaged: the picked log-probabilities', () => {
    const x = tensor([2, 3], [-1, -2, -3, -0.5, -4, -6]);
    expect(value(nllLoss.forward({ input: x, target: tensor([2], [2, 0]) }, nll()))).toBe(1.75);
  });
});
