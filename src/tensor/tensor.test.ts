import { describe, expect, it } from 'vitest';
import { allFinite } from './tensor';

describe('allFinite', () => {
  const finite = [0, -0, 1, -2.5, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e-310];

  it('is true for finite numbers only, the extremes included, at every length', () => {
    for (let n = 0; n <= 13; n++) {
      const data = Float64Array.from({ length: n }, (_, i) => finite[i % finite.length]);
      expect(allFinite(data)).toBe(true);
    }
  });

  it('finds one NaN or infinity wherever it is, whatever the length', () => {
    for (let n = 1; n <= 13; n++) {
      for (let at = 0; at < n; at++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const data = Float64Array.from({ length: n }, (_, i) => (i === at ? bad : finite[i % finite.length]));
          expect(allFinite(data), `${bad} at ${at} of ${n}`).toBe(false);
        }
      }
    }
  });

  it('finds an infinity next to the opposite one (their sum would be NaN, their difference not 0)', () => {
    expect(allFinite(Float64Array.of(1, Infinity, -Infinity, 2, 3))).toBe(false);
  });
});
