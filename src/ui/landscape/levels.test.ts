import { describe, expect, it } from 'vitest';
import { gridSide, levelsOf } from './levels';

describe('contour levels', () => {
  it('a bowl from 0 to 62.5: ten levels evenly spaced in √L, rounded to two digits', () => {
    // √62.5 / 11 ≈ 0.7187; (k · 0.7187)² for k = 1..10.
    expect(levelsOf([0, 62.5])).toEqual([0.52, 2.1, 4.6, 8.3, 13, 19, 25, 33, 42, 52]);
  });
  it('a saddle from −6.25 to 6.25: 0 is a level and the two sides mirror each other', () => {
    const lv = levelsOf([-6.25, 6.25, NaN]);
    expect(lv).toContain(0);
    expect(lv.filter((v) => v > 0)).toEqual(
      lv
        .filter((v) => v < 0)
        .map((v) => -v)
        .reverse(),
    );
  });
  it('none for a flat or empty grid', () => {
    expect(levelsOf([1, 1])).toEqual([]);
    expect(levelsOf([NaN])).toEqual([]);
  });
  it('grid side: 120 ms of evaluations at 0.05 ms each is 48 × 48; clamped to 16..64', () => {
    expect(gridSide(0.05)).toBe(48);
    expect(gridSide(10)).toBe(16);
    expect(gridSide(0)).toBe(64);
  });
});
