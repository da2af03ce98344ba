import * as math from 'mathjs';
import { erf } from './erf';

describe('erf', () => {
  it('has the tabulated values (Abramowitz & Stegun 7.1) and is odd', () => {
    expect(erf(0)).toBe(0);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 15);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 15);
    expect(erf(-1)).toBe(-erf(1));
    expect(erf(7)).toBe(1);
  });

  it('agrees with mathjs to 1e-15 relative across the three ranges of the approximation', () => {
    for (let x = -6; x <= 6; x += 0.0371) {
      const want = Number(math.erf(x));
      expect(Math.abs(erf(x) - want), `erf(${x})`).toBeLessThanOrEqual(1e-15 * Math.max(Math.abs(want), 1e-300) + 1e-300);
    }
  });
});
