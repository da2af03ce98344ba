import { rng } from '../../tensor/init';
import { tensor, toNested } from '../../tensor/tensor';
import { OpError, type Params } from '../types';
import { defaultParams } from '../registry';
import { batchNorm, batchNormRunningUpdate, groupNorm, instanceNorm, layerNorm } from './norm';
import { expectPortGradients, opErrorMessage, randomTensor } from './testkit';

const exact: Params = { eps: 0, affine: false };
const rand = rng(11);

describe('normalisation by hand', () => {
  it('layer norm of one sample [1, 2, 3, 4] is (x − 2.5) / √1.25', () => {
    const y = layerNorm.forward({ x: tensor([1, 4], [1, 2, 3, 4]) }, exact);
    [1, 2, 3, 4].forEach((v, i) => expect(y.data[i]).toBeCloseTo((v - 2.5) / Math.sqrt(1.25), 15));
  });

  it('batch norm of N×C normalises each column with the biased variance', () => {
    // column 0: mean 2, variance 1; column 1: mean 20, variance 100
    const y = batchNorm.forward({ x: tensor([2, 2], [1, 10, 3, 30]) }, exact);
    expect(toNested(y)).toEqual([
      [-1, -1],
      [1, 1],
    ]);
  });

  it('instance norm normalises each H×W map of each sample and channel', () => {
    // map (0, 0): 1, 2, 3, 5 has mean 2.75 and variance 2.1875; map (0, 1): 12, 14, 16, 18 has mean 15 and variance 5
    const y = instanceNorm.forward({ x: tensor([1, 2, 2, 2], [1, 2, 3, 5, 12, 14, 16, 18]) }, exact);
    [1, 2, 3, 5].forEach((v, i) => expect(y.data[i]).toBeCloseTo((v - 2.75) / Math.sqrt(2.1875), 15));
    [12, 14, 16, 18].forEach((v, i) => expect(y.data[4 + i]).toBeCloseTo((v - 15) / Math.sqrt(5), 15));
  });

  it('adds eps to the variance and applies γ and β per channel', () => {
    const ins = { x: tensor([2, 2], [1, 10, 3, 30]), gamma: tensor([2], [2, -1]), beta: tensor([2], [0.5, 4]) };
    const y = batchNorm.forward(ins, { eps: 1, affine: true });
    const s0 = 1 / Math.sqrt(2);
    const s1 = 10 / Math.sqrt(101);
    [-2 * s0 + 0.5, s1 + 4, 2 * s0 + 0.5, -s1 + 4].forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 15));
  });

  it('gives each batch-norm channel mean 0 and variance 1 over N, H, W', () => {
    const x = tensor(
      [3, 2, 2, 5],
      Array.from({ length: 60 }, () => 10 * rand() - 3),
    );
    const y = batchNorm.forward({ x }, exact);
    for (let c = 0; c < 2; c++) {
      const v = [0, 1, 2].flatMap((n) => [...y.data.subarray((n * 2 + c) * 10, (n * 2 + c + 1) * 10)]);
      const m = v.reduce((a, b) => a + b) / 30;
      expect(m).toBeCloseTo(0, 14);
      expect(v.reduce((a, b) => a + (b - m) ** 2, 0) / 30).toBeCloseTo(1, 13);
    }
  });
});

describe('scale invariance per sample (P11)', () => {
  // A2 = 2 · A1, two samples of one batch, eps = 0.
  const a1 = Array.from({ length: 12 }, () => 4 * rand() - 2);
  const x = tensor([2, 3, 2, 2], [...a1, ...a1.map((v) => 2 * v)]);
  const halves = (y: { data: Float64Array }) => [y.data.subarray(0, 12), y.data.subarray(12)];

  it.each([
    ['layerNorm', layerNorm],
    ['instanceNorm', instanceNorm],
  ] as const)('%s gives B1 = B2', (_n, op) => {
    const [b1, b2] = halves(op.forward({ x }, exact));
    b1.forEach((v, i) => expect(b2[i]).toBeCloseTo(v, 13));
  });

  it('batch norm does not', () => {
    const [b1, b2] = halves(batchNorm.forward({ x }, exact));
    expect(Math.max(...b1.map((v, i) => Math.abs(v - b2[i])))).toBeGreaterThan(0.1);
  });
});

describe('affine ports', () => {
  it('are materialised (γ = 1, β = 0) only when affine is on, shaped per channel or per sample', () => {
    expect(batchNorm.implicit?.('gamma', { x: [4, 3, 5, 5] }, { eps: 1e-5, affine: false })).toBeNull();
    expect(batchNorm.implicit?.('gamma', { x: [4, 3, 5, 5] }, { eps: 1e-5, affine: true })).toEqual({
      shape: [3],
      init: 'constant',
      scale: 1,
    });
    expect(instanceNorm.implicit?.('beta', { x: [4, 3, 5, 5] }, { eps: 1e-5, affine: true })).toEqual({ shape: [3], init: 'zeros' });
    expect(layerNorm.implicit?.('gamma', { x: [4, 3, 5, 5] }, { eps: 1e-5, affine: true })).toEqual({
      shape: [3, 5, 5],
      init: 'constant',
      scale: 1,
    });
  });

  it('count as the op’s parameters', () => {
    const p = { eps: 1e-5, affine: true };
    expect(batchNorm.cost?.({ x: [4, 3, 5, 5], gamma: [3], beta: [3] }, [4, 3, 5, 5], p).params).toBe(6);
    expect(layerNorm.cost?.({ x: [4, 3, 5, 5], gamma: [3, 5, 5], beta: [3, 5, 5] }, [4, 3, 5, 5], p).params).toBe(150);
    expect(instanceNorm.cost?.({ x: [4, 3, 5, 5] }, [4, 3, 5, 5], exact).params).toBe(0);
  });
});

describe('bad input', () => {
  it('names the accepted layouts', () => {
    expect(() => batchNorm.shape({ x: [5] }, exact)).toThrow(
      new OpError('batchNorm expects N×C×H×W or N×C input, got 5; add a batch dimension (reshape to 1×5)'),
    );
    expect(() => instanceNorm.shape({ x: [8, 3] }, exact)).toThrow(
      new OpError('instanceNorm expects N×C×H×W input, got 8×3; with N×C input every group would hold a single value'),
    );
    expect(() => layerNorm.shape({ x: [5] }, exact)).toThrow(new OpError('layerNorm expects N×C×H×W or N×C input, got 5'));
  });

  it('checks the shapes of γ and β', () => {
    expect(() => batchNorm.shape({ x: [2, 3, 4, 4], gamma: [4] }, exact)).toThrow(
      new OpError('batchNorm gamma must have shape 3 (one per channel) for input 2×3×4×4, got 4'),
    );
    expect(() => layerNorm.shape({ x: [2, 3, 4, 4], beta: [3] }, exact)).toThrow(
      new OpError('layerNorm beta must have shape 3×4×4 (the shape of one sample) for input 2×3×4×4, got 3'),
    );
  });

  it('refuses a constant group with eps = 0 and a negative eps', () => {
    const x = tensor([2, 2], [0.1, 5, 0.1, 7]);
    expect(() => batchNorm.forward({ x }, exact)).toThrow(
      new OpError('batchNorm: a group of constant values has variance 0 and eps is 0, so it cannot be normalised; set eps > 0', 'domain'),
    );
    expect(batchNorm.forward({ x }, { eps: 1e-5, affine: false }).data[0]).toBe(0);
    expect(() => batchNorm.forward({ x }, { eps: -1, affine: false })).toThrow(new OpError('batchNorm eps must be ≥ 0, got -1', 'param'));
  });
});

describe('group norm', () => {
  const x = randomTensor([2, 4, 3, 2], 21);
  const p = (groups: number) => ({ ...defaultParams(groupNorm), groups, affine: false, eps: 0 });

  it('is layer norm over C×H×W with one group, and instance norm with one group per channel', () => {
    const one = groupNorm.forward({ x }, p(1));
    const ln = layerNorm.forward({ x }, exact);
    one.data.forEach((v, i) => expect(v).toBeCloseTo(ln.data[i], 13));
    const each = groupNorm.forward({ x }, p(4));
    const inorm = instanceNorm.forward({ x }, exact);
    each.data.forEach((v, i) => expect(v).toBeCloseTo(inorm.data[i], 13));
  });

  it('with two groups normalises channels 0–1 and 2–3 of each sample together', () => {
    const y = groupNorm.forward({ x }, p(2));
    for (let n = 0; n < 2; n++) {
      for (let g = 0; g < 2; g++) {
        const v = [...y.data.subarray(n * 24 + g * 12, n * 24 + (g + 1) * 12)];
        const m = v.reduce((a, b) => a + b) / 12;
        expect(m).toBeCloseTo(0, 14);
        expect(v.reduce((a, b) => a + (b - m) ** 2, 0) / 12).toBeCloseTo(1, 13);
      }
    }
  });

  it('has affine on by default, as PyTorch, with γ and β per channel, and gradients that match central differences', () => {
    expect(groupNorm.implicit?.('gamma', { x: [2, 4, 3, 2] }, defaultParams(groupNorm))).toEqual({
      shape: [4],
      init: 'constant',
      scale: 1,
    });
    expectPortGradients(
      groupNorm,
      { x, gamma: randomTensor([4], 22), beta: randomTensor([4], 23) },
      { ...defaultParams(groupNorm), groups: 2 },
      ['x', 'gamma', 'beta'],
    );
  });

  it('needs groups that divide the channels', () => {
    expect(opErrorMessage(() => groupNorm.shape({ x: [2, 4, 3, 2] }, p(3)))).toBe(
      'groupNorm groups 3 must divide the 4 channels of input 2×4×3×2',
    );
  });
});

describe('layer norm over normalizedShape', () => {
  it('normalises each D-vector of an N×T×D input (a transformer’s LayerNorm(D))', () => {
    const x = randomTensor([2, 3, 4], 31);
    const y = layerNorm.forward({ x }, { ...exact, normalizedShape: [4] });
    for (let r = 0; r < 6; r++) {
      const row = [...x.data.subarray(r * 4, r * 4 + 4)];
      const m = row.reduce((a, b) => a + b) / 4;
      const sd = Math.sqrt(row.reduce((a, b) => a + (b - m) ** 2, 0) / 4);
      row.forEach((v, j) => expect(y.data[r * 4 + j]).toBeCloseTo((v - m) / sd, 13));
    }
    const single = layerNorm.forward({ x }, { ...exact, normalizedShape: 4 });
    single.data.forEach((v, i) => expect(v).toBe(y.data[i]));
    const p = { ...defaultParams(layerNorm), normalizedShape: [3, 4] };
    expectPortGradients(layerNorm, { x, gamma: randomTensor([3, 4], 32), beta: randomTensor([3, 4], 33) }, p, ['x', 'gamma', 'beta']);
  });

  it('names a normalizedShape that is not the trailing dimensions, and γ of the wrong shape', () => {
    expect(opErrorMessage(() => layerNorm.shape({ x: [2, 3, 4] }, { ...exact, normalizedShape: [3] }))).toBe(
      'layerNorm normalizedShape 3 must be the trailing dimensions of the input 2×3×4 (e.g. 4)',
    );
    expect(opErrorMessage(() => layerNorm.shape({ x: [2, 3, 4], gamma: [3, 4] }, { ...exact, normalizedShape: [4] }))).toBe(
      'layerNorm gamma must have shape 4 (the normalized shape) for input 2×3×4, got 3×4',
    );
  });
});

describe('batch norm in eval mode and its running statistics', () => {
  const x = randomTensor([4, 3, 2], 41);
  const rm = tensor([3], [0.1, -0.2, 0.3]);
  const rv = tensor([3], [0.5, 2, 1.5]);
  const evalP = { ...defaultParams(batchNorm), mode: 'eval', affine: true };

  it('normalises with the running mean and variance: (x − mean)/√(var + eps)·γ + β', () => {
    const gamma = tensor([3], [2, 1, -1]);
    const beta = tensor([3], [0, 0.5, 1]);
    const y = batchNorm.forward({ x, gamma, beta, runningMean: rm, runningVar: rv }, evalP);
    y.data.forEach((v, i) => {
      const c = Math.floor(i / 2) % 3;
      expect(v).toBeCloseTo(((x.data[i] - rm.data[c]) / Math.sqrt(rv.data[c] + 1e-5)) * gamma.data[c] + beta.data[c], 14);
    });
    expectPortGradients(batchNorm, { x, gamma, beta, runningMean: rm, runningVar: rv }, evalP, ['x', 'gamma', 'beta']);
  });

  it('owns PyTorch’s initial buffers (mean 0, variance 1) when unconnected, in eval mode only', () => {
    expect(batchNorm.implicit?.('runningVar', { x: [4, 3, 2] }, evalP)).toEqual({ shape: [3], init: 'constant', scale: 1 });
    expect(batchNorm.implicit?.('runningMean', { x: [4, 3, 2] }, evalP)).toEqual({ shape: [3], init: 'zeros' });
    expect(batchNorm.implicit?.('runningMean', { x: [4, 3, 2] }, defaultParams(batchNorm))).toBeNull();
  });

  it('updates them in training mode with momentum, the variance unbiased: (1 − m)·old + m·batch', () => {
    const p = { ...defaultParams(batchNorm), momentum: 0.25 };
    const next = batchNormRunningUpdate({ x, runningMean: rm, runningVar: rv }, p);
    for (let c = 0; c < 3; c++) {
      const v = [0, 1, 2, 3].flatMap((n) => [x.data[(n * 3 + c) * 2], x.data[(n * 3 + c) * 2 + 1]]);
      const m = v.reduce((a, b) => a + b) / 8;
      const unbiased = v.reduce((a, b) => a + (b - m) ** 2, 0) / 7;
      expect(next?.runningMean.data[c]).toBeCloseTo(0.75 * rm.data[c] + 0.25 * m, 15);
      expect(next?.runningVar.data[c]).toBeCloseTo(0.75 * rv.data[c] + 0.25 * unbiased, 14);
    }
    expect(batchNormRunningUpdate({ x, runningMean: rm, runningVar: rv }, evalP)).toBeNull();
  });
});

describe('costs of the new norms', () => {
  it('count γ and β as parameters (2C for group norm, 2D for LayerNorm(D)) and running statistics as buffers', () => {
    const gn = { ...defaultParams(groupNorm), groups: 2 };
    expect(groupNorm.cost?.({ x: [8, 4, 5, 5], gamma: [4], beta: [4] }, [8, 4, 5, 5], gn)).toEqual({ params: 8, macs: 800 * 4 });
    const ln = { ...defaultParams(layerNorm), normalizedShape: [16], affine: true };
    expect(layerNorm.cost?.({ x: [2, 10, 16], gamma: [16], beta: [16] }, [2, 10, 16], ln)).toEqual({ params: 32, macs: 320 * 4 });
    const bn = { ...defaultParams(batchNorm), mode: 'eval' };
    expect(batchNorm.cost?.({ x: [8, 4, 5, 5], runningMean: [4], runningVar: [4] }, [8, 4, 5, 5], bn)).toEqual({ params: 0, macs: 800 });
  });
});
