import { tensor } from '../../tensor/tensor';
import { OpError } from '../types';
import { logSoftmax, softmax } from './softmax';

const last = { axis: -1 };

describe('softmax', () => {
  it('is exp(x_i) / Σ exp(x_j)', () => {
    const y = softmax.forward({ x: tensor([3], [1, 2, 3]) }, last);
    const z = Math.E + Math.E ** 2 + Math.E ** 3;
    [Math.E / z, Math.E ** 2 / z, Math.E ** 3 / z].forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 15));
  });

  it('is unchanged by a shift, even one that would overflow exp (softmax(x + c) = softmax(x))', () => {
    const a = softmax.forward({ x: tensor([4], [0.5, -1, 2, 0]) }, last);
    const b = softmax.forward({ x: tensor([4], [1000.5, 999, 1002, 1000]) }, last);
    a.data.forEach((v, i) => expect(b.data[i]).toBeCloseTo(v, 12));
  });

  it('normalises each row along the chosen axis', () => {
    const y = softmax.forward({ x: tensor([2, 3], [1, 5, -2, 0, 3, 3]) }, { axis: 0 });
    for (let c = 0; c < 3; c++) expect(y.data[c] + y.data[3 + c]).toBeCloseTo(1, 15);
    expect(y.data[2]).toBeCloseTo(1 / (1 + Math.exp(5)), 15);
  });

  it('has the Jacobian y_i (δ_ij − y_j): a one-hot output gradient picks out row i', () => {
    const x = tensor([4], [0.3, -1.2, 2, 0.7]);
    const y = softmax.forward({ x }, last);
    const i = 2;
    const g = tensor([4], [0, 0, 1, 0]);
    const gx = softmax.backward({ x }, y, g, last).x;
    for (let j = 0; j < 4; j++) expect(gx.data[j]).toBeCloseTo(y.data[i] * (Number(i === j) - y.data[j]), 15);
  });

  it('needs an axis that exists', () => {
    expect(() => softmax.shape({ x: [] }, last)).toThrow(new OpError('softmax needs a tensor with at least one dimension, got a scalar'));
    expect(() => softmax.forward({ x: tensor([2, 3]) }, { axis: 2 })).toThrow(
      new OpError('softmax axis 2 is out of range for a 2×3 tensor: use -2 to 1', 'param'),
    );
  });
});

describe('logSoftmax', () => {
  it('equals log(softmax(x)) per row', () => {
    const x = tensor([2, 4], [1, 2, 3, 4, -3, 0.5, 8, 1]);
    const l = logSoftmax.forward({ x }, last);
    const s = softmax.forward({ x }, last);
    s.data.forEach((v, i) => expect(l.data[i]).toBeCloseTo(Math.log(v), 13));
  });

  it('stays finite where softmax underflows to 0', () => {
    const l = logSoftmax.forward({ x: tensor([2], [0, -2000]) }, last);
    expect(l.data[0]).toBeCloseTo(0, 15);
    expect(l.data[1]).toBe(-2000);
  });

  it('has the Jacobian δ_ij − softmax(x)_j', () => {
    const x = tensor([3], [0.1, 0.9, -0.4]);
    const out = logSoftmax.forward({ x }, last);
    const p = softmax.forward({ x }, last).data;
    const gx = logSoftmax.backward({ x }, out, tensor([3], [1, 0, 0]), last).x;
    for (let j = 0; j < 3; j++) expect(gx.data[j]).toBeCloseTo(Number(j === 0) - p[j], 15);
  });
});
