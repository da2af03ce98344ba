import { describe, expect, it } from 'vitest';
import { readAnswer } from './answer';

describe('readAnswer', () => {
  it('reads numbers as predict mode does', () => {
    expect(readAnswer('-4.159')).toBe(-4.159);
    expect(readAnswer(' −2.5 ')).toBe(-2.5);
    expect(readAnswer('1e-3')).toBe(0.001);
  });
  it('reads exact forms to their closed-form values', () => {
    expect(readAnswer('-6 ln 2')).toBeCloseTo(-6 * Math.LN2, 14);
    expect(readAnswer('-6*log(2)')).toBeCloseTo(-6 * Math.LN2, 14);
    expect(readAnswer('−6 ln 2')).toBeCloseTo(-6 * Math.LN2, 14);
    expect(readAnswer('-6ln2')).toBeCloseTo(-6 * Math.LN2, 14);
    expect(readAnswer('2 sqrt 2')).toBeCloseTo(2 * Math.SQRT2, 14);
    expect(readAnswer('3/4')).toBe(0.75);
    expect(readAnswer('e^2')).toBeCloseTo(Math.E ** 2, 14);
    expect(readAnswer('2 sqrt(2)')).toBeCloseTo(2 * Math.SQRT2, 14);
    expect(readAnswer('π/2')).toBeCloseTo(Math.PI / 2, 14);
  });
  it('refuses what is not a number', () => {
    expect(readAnswer('')).toBeNull();
    expect(readAnswer('x + 1')).toBeNull();
    expect(readAnswer('ln(-1)')).toBeNull();
    expect(readAnswer('1/0')).toBeNull();
    expect(readAnswer('1'.repeat(65))).toBeNull();
    expect(readAnswer('drop table')).toBeNull();
  });
});
