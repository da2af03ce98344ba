import { leakyRelu, relu } from '../../ops/scalar/relu';
import { sigmoid, tanh } from '../../ops/scalar/sigmoid';
import { plotRange, sampleUnary, yRange } from './activation';

describe('sampling an activation and its derivative (P13)', () => {
  it('uses the op’s own derivative: σ′ = σ(1 − σ), tanh′ = 1 − tanh²', () => {
    for (const s of sampleUnary(sigmoid, {}, [-4, 4], 33)) {
      expect(s.d).toBeCloseTo((s.f as number) * (1 - (s.f as number)), 14);
    }
    for (const s of sampleUnary(tanh, {}, [-3, 3], 25)) expect(s.d).toBeCloseTo(1 - Math.tanh(s.x) ** 2, 14);
  });

  it('follows the exams’ conventions at 0: ReLU′(0) = 0, Leaky ReLU′(0) = c', () => {
    const at0 = (xs: ReturnType<typeof sampleUnary>) => xs.find((s) => s.x === 0);
    expect(at0(sampleUnary(relu, {}, [-1, 1], 3))).toEqual({ x: 0, f: 0, d: 0 });
    expect(at0(sampleUnary(leakyRelu, { c: 0.1 }, [-1, 1], 3))).toEqual({ x: 0, f: 0, d: 0.1 });
  });

  it('samples a single point', () => {
    expect(sampleUnary(relu, {}, [-0.5, -0.5], 1)).toEqual([{ x: -0.5, f: 0, d: 0 }]);
  });

  it('widens the range to show the input, and caps the y range', () => {
    expect(plotRange([-0.5])).toEqual([-4, 4]);
    expect(plotRange([7])).toEqual([-4, 8]);
    const [lo, hi] = yRange([{ x: 0, f: 100, d: -1 }]);
    expect(lo).toBeLessThan(-1);
    expect(hi).toBe(6);
  });
});
