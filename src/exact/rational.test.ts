import { describe, expect, it } from 'vitest';
import { rationalText } from './rational';

describe('rationalText', () => {
  it('recognises the fractions of P3: 11/3, 2/3, 33/2 and 425/18', () => {
    expect(rationalText(3 - -2 / 3)).toBe('11/3');
    expect(rationalText(2 - 4 / 3)).toBe('2/3');
    expect(rationalText(16.5)).toBe('33/2');
    const [a1, a2] = [3 - -2 / 3, 2 - 4 / 3];
    const y = [2 * a1 + 4 * a2, a1 - 2 * a2, -a1];
    const loss = 0.5 * [15, 3, 1].reduce((s, t, j) => s + (y[j] - t) ** 2, 0);
    expect(rationalText(loss)).toBe('425/18');
  });
  it('handles integers and negatives', () => {
    expect(rationalText(-6)).toBe('-6');
    expect(rationalText(-1.5)).toBe('-3/2');
  });
  it('refuses irrationals and huge denominators', () => {
    expect(rationalText(Math.LN2)).toBeNull();
    expect(rationalText(Math.PI)).toBeNull();
    expect(rationalText(1 / 10007)).toBeNull();
  });
});
