import { tensor } from '../../tensor/tensor';
import { defaultParams } from '../registry';
import type { Params, TensorOp } from '../types';
import { bce, bceWithLogits, huberLoss, klDiv, l1Loss, smoothL1Loss } from './pointwise-losses';
import { expectPortGradients, opErrorMessage, randomTensor } from './testkit';

const at = (op: TensorOp, params: Params = {}): Params => ({ ...defaultParams(op), ...params });
const value = (t: { data: Float64Array }) => t.data[0];
const a = tensor([2, 3], [0.5, -1, 2, 0.25, 3, -0.5]);
const b = tensor([2, 3], [1, -1, 0.5, -0.5, 0.5, 0.2]);
// |a − b| = 0.5, 0, 1.5, 0.75, 2.5, 0.7

describe('l1Loss, smoothL1Loss and huberLoss', () => {
  it('reduce |a − b| as PyTorch: mean, sum, none', () => {
    expect(value(l1Loss.forward({ prediction: a, target: b }, at(l1Loss)))).toBeCloseTo(5.95 / 6, 15);
    expect(value(l1Loss.forward({ prediction: a, target: b }, at(l1Loss, { reduction: 'sum' })))).toBeCloseTo(5.95, 14);
    const none = l1Loss.forward({ prediction: a, target: b }, at(l1Loss, { reduction: 'none' }));
    expect(none.shape).toEqual([2, 3]);
    [0.5, 0, 1.5, 0.75, 2.5, 0.7].forEach((v, i) => expect(none.data[i]).toBeCloseTo(v, 15));
  });

  it('smooth L1 is ½d²/β inside β, |d| − ½β outside; Huber is δ times smooth L1 with β = δ', () => {
    const s = smoothL1Loss.forward({ prediction: a, target: b }, at(smoothL1Loss, { beta: 1, reduction: 'none' }));
    [0.125, 0, 1, 0.28125, 2, 0.245].forEach((v, i) => expect(s.data[i]).toBeCloseTo(v, 15));
    for (const delta of [0.6, 1, 2]) {
      const h = huberLoss.forward({ prediction: a, target: b }, at(huberLoss, { delta, reduction: 'sum' }));
      const sl = smoothL1Loss.forward({ prediction: a, target: b }, at(smoothL1Loss, { beta: delta, reduction: 'sum' }));
      expect(value(h)).toBeCloseTo(delta * value(sl), 14);
    }
    // β = 0 is the L1 loss.
    expect(value(smoothL1Loss.forward({ prediction: a, target: b }, at(smoothL1Loss, { beta: 0 })))).toBeCloseTo(5.95 / 6, 15);
  });

  it('have gradients that agree with central differences for every reduction, away from the kinks', () => {
    const x = randomTensor([3, 4], 1);
    const y = randomTensor([3, 4], 2);
    for (const reduction of ['mean', 'sum', 'none']) {
      expectPortGradients(l1Loss, { prediction: x, target: y }, at(l1Loss, { reduction }), ['prediction', 'target']);
      expectPortGradients(smoothL1Loss, { prediction: x, target: y }, at(smoothL1Loss, { reduction, beta: 0.4 }), ['prediction', 'target']);
      expectPortGradients(huberLoss, { prediction: x, target: y }, at(huberLoss, { reduction, delta: 0.3 }), ['prediction', 'target']);
    }
  });

  it('take PyTorch gradient conventions at ties and at |d| = β: sign(0) = 0, slope ±1 at the join', () => {
    const tie = { prediction: tensor([3], [1, 2, -1]), target: tensor([3], [1, 1, 0]) };
    const one = tensor([], [1]);
    expect([...l1Loss.backward(tie, one, one, at(l1Loss, { reduction: 'sum' })).prediction.data]).toEqual([0, 1, -1]);
    expect([...smoothL1Loss.backward(tie, one, one, at(smoothL1Loss, { reduction: 'sum' })).prediction.data]).toEqual([0, 1, -1]);
    expect([...huberLoss.backward(tie, one, one, at(huberLoss, { reduction: 'sum' })).prediction.data]).toEqual([0, 1, -1]);
  });

  it('name both shapes when they differ', () => {
    expect(opErrorMessage(() => l1Loss.shape({ prediction: [2, 3], target: [3] }, at(l1Loss)))).toBe(
      'l1Loss expects prediction and target of the same shape, got 2×3 and 3',
    );
  });
});

describe('bce and bceWithLogits', () => {
  const y = tensor([4], [1, 0, 0, 0.25]);

  it('is ln 2 at p = ½, and clamps each log at −100 as torch does', () => {
    expect(value(bce.forward({ prediction: tensor([1], [0.5]), target: tensor([1], [1]) }, at(bce)))).toBeCloseTo(Math.LN2, 15);
    expect(value(bce.forward({ prediction: tensor([1], [0]), target: tensor([1], [1]) }, at(bce)))).toBe(100);
    expect(value(bce.forward({ prediction: tensor([1], [1]), target: tensor([1], [1]) }, at(bce)))).toBe(0);
  });

  it('with logits equals bce of sigmoid(x), and pos_weight w multiplies the positive term', () => {
    const x = tensor([4], [0, 2.2, -1.4, 0.85]);
    const sig = tensor(
      [4],
      [...x.data].map((v) => 1 / (1 + Math.exp(-v))),
    );
    const plain = bceWithLogits.forward({ logits: x, target: y }, at(bceWithLogits, { reduction: 'none' }));
    const viaSigmoid = bce.forward({ prediction: sig, target: y }, at(bce, { reduction: 'none' }));
    plain.data.forEach((v, i) => expect(v).toBeCloseTo(viaSigmoid.data[i], 13));
    const w = 3;
    const weighted = bceWithLogits.forward({ logits: x, target: y, posWeight: tensor([], [w]) }, at(bceWithLogits, { reduction: 'none' }));
    weighted.data.forEach((v, i) => {
      const s = sig.data[i];
      expect(v).toBeCloseTo(-(w * y.data[i] * Math.log(s) + (1 - y.data[i]) * Math.log(1 - s)), 13);
    });
  });

  it('have gradients that agree with central differences; pos_weight per class is a constant, as in torch', () => {
    const x = randomTensor([3, 4], 3);
    const t = tensor(
      [3, 4],
      [...randomTensor([3, 4], 4).data].map((v) => (v + 1) / 2),
    );
    const probs = tensor(
      [3, 4],
      [...x.data].map((v) => 0.5 + 0.4 * v),
    );
    const pw = tensor([4], [0.5, 1, 2, 3]);
    for (const reduction of ['mean', 'sum', 'none']) {
      expectPortGradients(bce, { prediction: probs, target: t }, at(bce, { reduction }), ['prediction', 'target']);
      expectPortGradients(bceWithLogits, { logits: x, target: t }, at(bceWithLogits, { reduction }), ['logits', 'target']);
      expectPortGradients(bceWithLogits, { logits: x, target: t, posWeight: pw }, at(bceWithLogits, { reduction }), ['logits', 'target']);
    }
  });

  it('refuse probabilities outside [0, 1] and a pos_weight that does not fit the classes', () => {
    expect(opErrorMessage(() => bce.forward({ prediction: tensor([2], [0.5, 1.5]), target: tensor([2], [1, 0]) }, at(bce)))).toBe(
      'bce expects probabilities from 0 to 1 in prediction, got 1.5 (for logits use bceWithLogits)',
    );
    expect(opErrorMessage(() => bceWithLogits.shape({ logits: [2, 4], target: [2, 4], posWeight: [3] }, at(bceWithLogits)))).toBe(
      'bceWithLogits expects posWeight of the trailing shape of logits 2×4 (e.g. 4, one per class), got 3',
    );
  });
});

describe('klDiv', () => {
  const q = [
    [0.2, 0.3, 0.5],
    [0.6, 0.3, 0.1],
  ];
  const t = [
    [0.1, 0.6, 0.3],
    [0.6, 0.4, 0],
  ];
  const input = tensor([2, 3], q.flat().map(Math.log));
  const target = tensor([2, 3], t.flat());
  const kl = t.map((row, n) => row.reduce((s, ti, c) => s + (ti > 0 ? ti * Math.log(ti / q[n][c]) : 0), 0));

  it("batchmean is the true KL averaged over the batch; 'mean' (torch's default) divides by every element", () => {
    expect(value(klDiv.forward({ input, target }, at(klDiv, { reduction: 'batchmean' })))).toBeCloseTo((kl[0] + kl[1]) / 2, 14);
    expect(value(klDiv.forward({ input, target }, at(klDiv)))).toBeCloseTo((kl[0] + kl[1]) / 6, 14);
    expect(value(klDiv.forward({ input, target }, at(klDiv, { reduction: 'sum' })))).toBeCloseTo(kl[0] + kl[1], 14);
  });

  it('gives the same loss for a log target with logTarget set, and 0 for equal distributions', () => {
    const logT = tensor([2, 3], [0.1, 0.6, 0.3, 0.6, 0.4, 1e-300].map(Math.log));
    expect(value(klDiv.forward({ input, target: logT }, at(klDiv, { logTarget: true, reduction: 'sum' })))).toBeCloseTo(kl[0] + kl[1], 12);
    expect(value(klDiv.forward({ input, target: tensor([2, 3], q.flat()) }, at(klDiv)))).toBeCloseTo(0, 15);
  });

  it('has gradients that agree with central differences (targets > 0)', () => {
    const x = randomTensor([2, 3], 5);
    const pos = tensor([2, 3], [0.1, 0.6, 0.3, 0.5, 0.4, 0.1]);
    for (const reduction of ['mean', 'batchmean', 'sum', 'none']) {
      expectPortGradients(klDiv, { input: x, target: pos }, at(klDiv, { reduction }), ['input', 'target']);
      expectPortGradients(klDiv, { input: x, target: randomTensor([2, 3], 6) }, at(klDiv, { reduction, logTarget: true }), [
        'input',
        'target',
      ]);
    }
  });

  it('refuses a negative probability target', () => {
    expect(opErrorMessage(() => klDiv.forward({ input, target: tensor([2, 3], [0.5, -0.5, 1, 0, 0, 1]) }, at(klDiv)))).toBe(
      'klDiv expects probabilities ≥ 0 in target, got -0.5 (for log-probabilities set logTarget)',
    );
  });
});
