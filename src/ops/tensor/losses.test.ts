import { tensor, zeros } from '../../tensor/tensor';
import { defaultParams } from '../registry';
import { OpError, type Params } from '../types';
import { crossEntropy } from './class-losses';
import { mse, svmHinge } from './losses';

const one = tensor([], [1]);
const index: Params = defaultParams(crossEntropy);
const probs: Params = { ...index, targetKind: 'probabilities' };
const hinge: Params = { margin: 1, reduction: 'mean' };
const value = (t: { data: Float64Array }) => t.data[0];

describe('crossEntropy', () => {
  it('is ln C with all logits 0, for a single sample and a batch (P10: C = 10 gives 2.302585...)', () => {
    expect(value(crossEntropy.forward({ logits: zeros([10]), target: tensor([], [3]) }, index))).toBeCloseTo(Math.log(10), 14);
    expect(value(crossEntropy.forward({ logits: zeros([10]), target: tensor([], [3]) }, index))).toBeCloseTo(2.302585, 6);
    expect(value(crossEntropy.forward({ logits: zeros([4, 10]), target: tensor([4], [0, 9, 3, 3]) }, index))).toBeCloseTo(Math.log(10), 14);
    expect(
      value(crossEntropy.forward({ logits: zeros([4, 10]), target: tensor([4], [0, 9, 3, 3]) }, { ...index, reduction: 'sum' })),
    ).toBeCloseTo(4 * Math.log(10), 13);
  });

  it('stays small but not zero, gradient included, when the correct logit is far above the rest (P10)', () => {
    const logits = tensor([3], [0, 12, 0]);
    const target = tensor([], [1]);
    const L = value(crossEntropy.forward({ logits, target }, index));
    expect(L / Math.log1p(2 * Math.exp(-12))).toBeCloseTo(1, 9);
    const g = crossEntropy.backward({ logits, target }, tensor([], [L]), one, index).logits;
    expect(g.data[0]).toBeGreaterThan(0);
    expect(g.data[1]).toBeLessThan(0);
  });

  it('has gradient softmax(z) − onehot(y), averaged over the batch, and none for an index target', () => {
    const logits = tensor([2, 3], [1, 2, 3, 0, 0, Math.log(2)]);
    const target = tensor([2], [2, 0]);
    const g = crossEntropy.backward({ logits, target }, one, one, index);
    const z = Math.E + Math.E ** 2 + Math.E ** 3;
    const expected = [Math.E / z, Math.E ** 2 / z, Math.E ** 3 / z - 1, 0.25 - 1, 0.25, 0.5].map((v) => v / 2);
    expected.forEach((v, i) => expect(g.logits.data[i]).toBeCloseTo(v, 15));
    expect(g.target).toBeUndefined();
  });

  it('chains dH/dp_i = −y_i / p_i through the softmax Jacobian for a soft target', () => {
    const z = [0.2, -1, 1.5, 0.4];
    const y = [0.1, 0.2, 0.3, 0.4];
    const e = z.map(Math.exp);
    const p = e.map((v) => v / e.reduce((a, b) => a + b));
    const dHdp = y.map((yi, i) => -yi / p[i]);
    const ins = { logits: tensor([4], z), target: tensor([4], y) };
    expect(value(crossEntropy.forward(ins, probs))).toBeCloseTo(-y.reduce((s, yi, i) => s + yi * Math.log(p[i]), 0), 14);
    const g = crossEntropy.backward(ins, one, one, probs);
    for (let k = 0; k < 4; k++) {
      const chained = dHdp.reduce((s, d, i) => s + d * p[i] * (Number(i === k) - p[k]), 0);
      expect(g.logits.data[k]).toBeCloseTo(chained, 14);
      expect(g.target.data[k]).toBeCloseTo(-Math.log(p[k]), 14);
    }
  });

  it('gives the same loss for an index and its one-hot probabilities', () => {
    const logits = tensor([2, 3], [0.5, -1, 2, 3, 0.1, -0.2]);
    const a = crossEntropy.forward({ logits, target: tensor([2], [1, 0]) }, index);
    const b = crossEntropy.forward({ logits, target: tensor([2, 3], [0, 1, 0, 1, 0, 0]) }, probs);
    expect(value(a)).toBeCloseTo(value(b), 15);
  });

  it('rejects bad shapes and targets that are not class indices', () => {
    expect(() => crossEntropy.forward({ logits: zeros([10]), target: tensor([], [12]) }, index)).toThrow(
      new OpError('crossEntropy target index 12 is out of range for 10 classes (use 0 to 9)', 'domain'),
    );
    expect(() => crossEntropy.forward({ logits: zeros([3]), target: tensor([], [1.5]) }, index)).toThrow(
      new OpError('crossEntropy target 1.5 is not a class index: use a whole number from 0 to 2', 'domain'),
    );
    expect(() => crossEntropy.shape({ logits: [2, 3, 4], target: [2] }, index)).toThrow(
      new OpError('crossEntropy expects target of shape 2×4 for logits 2×3×4, got 2'),
    );
    expect(() => crossEntropy.shape({ logits: [], target: [] }, index)).toThrow(
      new OpError('crossEntropy expects logits of shape C, N×C or N×C×d1×…×dk (class scores on dimension 1), got a scalar'),
    );
    expect(() => crossEntropy.shape({ logits: [4, 10], target: [4, 10] }, index)).toThrow(
      new OpError(
        "crossEntropy expects target of shape 4 for logits 4×10, got 4×10; for one-hot or soft targets set targetKind to 'probabilities'",
      ),
    );
    expect(() => crossEntropy.shape({ logits: [10], target: [1] }, index)).toThrow(
      new OpError('crossEntropy expects target to be a scalar (one class index) for logits 10, got 1'),
    );
    expect(() => crossEntropy.shape({ logits: [2, 3], target: [3] }, probs)).toThrow(
      new OpError('crossEntropy expects target of shape 2×3 for logits 2×3, got 3'),
    );
  });
});

describe('mse', () => {
  const y = tensor([3], [14, -1, -3]);
  const t = tensor([3], [15, 3, 1]);

  it('gives L = ½ Σ (y − t)² = 16.5 and ∂L/∂y = y − t on the exam batch (P3)', () => {
    const p = { reduction: 'sum', half: true };
    expect(value(mse.forward({ prediction: y, target: t }, p))).toBe(16.5);
    const g = mse.backward({ prediction: y, target: t }, one, one, p);
    expect([...g.prediction.data]).toEqual([-1, -4, -4]);
    expect([...g.target.data]).toEqual([1, 4, 4]);
    // y = A x with x the 2×3 batch, so ∂L/∂A = (∂L/∂y) xᵀ = (-2, 4), the exam's answer.
    const x = [
      [2, 1, -1],
      [4, -2, 0],
    ];
    expect(x.map((row) => row.reduce((s, xi, j) => s + xi * g.prediction.data[j], 0))).toEqual([-2, 4]);
  });

  it('averages over all elements by default, as PyTorch does', () => {
    expect(value(mse.forward({ prediction: y, target: t }, { reduction: 'mean', half: false }))).toBe(11);
    const g = mse.backward({ prediction: y, target: t }, one, one, { reduction: 'mean', half: false });
    [-2 / 3, -8 / 3, -8 / 3].forEach((v, i) => expect(g.prediction.data[i]).toBeCloseTo(v, 15));
  });

  it('needs prediction and target of the same shape', () => {
    expect(() => mse.shape({ prediction: [3], target: [1, 3] }, {})).toThrow(
      new OpError('mse expects prediction and target of the same shape, got 3 and 1×3'),
    );
  });
});

describe('svmHinge', () => {
  it('is C − 1 with all scores 0 and margin 1 (P10: 9 for C = 10)', () => {
    expect(value(svmHinge.forward({ scores: zeros([10]), target: tensor([], [4]) }, hinge))).toBe(9);
    expect(value(svmHinge.forward({ scores: zeros([3, 10]), target: tensor([3], [4, 0, 9]) }, hinge))).toBe(9);
    expect(value(svmHinge.forward({ scores: zeros([3, 10]), target: tensor([3], [4, 0, 9]) }, { ...hinge, reduction: 'sum' }))).toBe(27);
  });

  it('is 0 with gradient 0 when the correct score clears every margin (P10)', () => {
    const scores = tensor([4], [0.5, 9, -2, 7.5]);
    const target = tensor([], [1]);
    expect(value(svmHinge.forward({ scores, target }, hinge))).toBe(0);
    expect(svmHinge.backward({ scores, target }, tensor([], [0]), one, hinge).scores).toEqual(zeros([4]));
  });

  it('counts each active hinge: +1 on its class, −1 on the correct one', () => {
    const scores = tensor([4], [3.2, 5.1, -1.7, 2.0]);
    const target = tensor([], [0]);
    // hinges: 5.1 − 3.2 + 1 = 2.9, −1.7 − 3.2 + 1 < 0, 2.0 − 3.2 + 1 = −0.2 < 0
    expect(value(svmHinge.forward({ scores, target }, hinge))).toBeCloseTo(2.9, 14);
    const g = svmHinge.backward({ scores, target }, one, one, hinge);
    expect([...g.scores.data]).toEqual([-1, 1, 0, 0]);
    expect(g.target).toBeUndefined();
  });

  it('rejects a class index out of range', () => {
    expect(() => svmHinge.forward({ scores: zeros([2, 5]), target: tensor([2], [1, 5]) }, hinge)).toThrow(
      new OpError('svmHinge target index 5 is out of range for 5 classes (use 0 to 4)', 'domain'),
    );
  });
});
