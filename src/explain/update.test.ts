import { describe, expect, it } from 'vitest';
import { initialState, withDefaults, type OptimizerSettings } from '../graph/optim/optimizers';
import { explainUpdate } from './update';

const lines = (o: OptimizerSettings, theta: number, g: number, state = initialState(withDefaults(o), 1)) =>
  explainUpdate(withDefaults(o), withDefaults(o).lr, theta, g, state);

describe('one update written out', () => {
  it("Adam's first step from θ = 2, g = −4: m = −0.4, v = 0.016, m̂ = −4, v̂ = 16, θ = 2 + 0.1·4/(4 + ε) (a step of lr against the sign)", () => {
    const l = lines({ name: 'adam', lr: 0.1 }, 2, -4);
    expect(l.map((x) => x.name)).toEqual(['m', 'v', 'm̂', 'v̂', 'θ']);
    const [m, v, mHat, vHat, theta] = l.map((x) => x.value);
    expect(m).toBeCloseTo(-0.4, 15);
    expect(v).toBeCloseTo(0.016, 15);
    expect(mHat).toBeCloseTo(-4, 12);
    expect(vHat).toBeCloseTo(16, 12);
    expect(theta).toBeCloseTo(2 + 0.4 / (4 + 1e-8), 12);
    expect(l[0].latex).toBe('m \\leftarrow \\beta_1 m + (1-\\beta_1) g = 0.9\\cdot 0 + 0.1\\cdot (-4) = -0.4');
  });

  it('SGD with momentum 0.9 and weight decay 0.5 from b = 1: g = −4 + 0.5·2 = −3, b = 0.9 − 3 = −2.1, θ = 2 + 0.21', () => {
    const l = lines({ name: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.5 }, 2, -4, { momentumBuffer: Float64Array.of(1) });
    expect(l.map((x) => [x.name, x.value])).toEqual([
      ['g', -3],
      ['b', expect.closeTo(-2.1, 15)],
      ['θ', expect.closeTo(2.21, 15)],
    ]);
    expect(l[2].latex).toBe('\\theta \\leftarrow \\theta - \\eta\\, b = 2 - 0.1\\cdot (-2.1) = 2.21');
  });

  it("Adagrad's first step from s = 0 moves by lr whatever the gradient's size: θ = 1 − 0.5·3/(3 + ε)", () => {
    const l = lines({ name: 'adagrad', lr: 0.5 }, 1, 3);
    expect(l.map((x) => x.name)).toEqual(['s', 'θ']);
    expect(l[0].value).toBe(9);
    expect(l[1].value).toBeCloseTo(1 - 1.5 / (3 + 1e-10), 14);
  });

  it('RMSProp from v = 0: v = 0.01·g², so the first step is lr·g/(0.1·|g|) = 10·lr against the sign', () => {
    const l = lines({ name: 'rmsprop', lr: 0.01 }, 0, 2);
    expect(l.map((x) => x.name)).toEqual(['v', 'D', 'θ']);
    expect(l[0].value).toBeCloseTo(0.04, 15);
    expect(l[2].value).toBeCloseTo(-0.1, 7);
  });

  it('AdamW decays θ first, by lr·λ: θ ← 2·(1 − 0.1·0.01)', () => {
    const l = lines({ name: 'adamw', lr: 0.1 }, 2, -4);
    expect(l[0]).toMatchObject({ name: 'θ', value: 2 * (1 - 0.001) });
  });
});
