import * as math from 'mathjs';
import { describe, expect, it } from 'vitest';
import { createAlgebra } from './algebra';
import { createPrinter } from './format';

const print = createPrinter(math, createAlgebra(math));
const all = (src: string, names?: ReadonlyMap<string, string>) => {
  const n = math.parse(src);
  return [print(n, 'text', names), print(n, 'latex', names), print(n, 'cas', names)];
};

describe('the house style of exact forms', () => {
  it('writes the answer key\'s -6 ln2 as "-6 ln 2", "-6 \\ln 2" and "-6*log(2)"', () => {
    expect(all('-(6 * log(2))')).toEqual(['-6 ln 2', '-6 \\ln 2', '-6*log(2)']);
  });
  it('keeps fractions as fractions', () => {
    expect(all('11 / 3')).toEqual(['11/3', '\\frac{11}{3}', '11/3']);
    expect(all('-(425 / 18)')).toEqual(['-425/18', '-\\frac{425}{18}', '-425/18']);
  });
  it('orders a product as number, constants, inputs, the rest: ln 2 · z · 2^(x - y)', () => {
    const want = ['ln 2 · z · 2^(x - y)', '\\ln 2 \\cdot z \\cdot 2^{x - y}', 'log(2)*z*2^(x - y)'];
    expect(all('log(2) * z * 2 ^ (x - y)')).toEqual(want);
    expect(all('z * 2 ^ (x - y) * log(2)')).toEqual(want);
    expect(all('-(z * 2 ^ (x - y) * log(2))')[0]).toBe('-ln 2 · z · 2^(x - y)');
  });
  it('writes e^u, √n and ln of a compound argument', () => {
    expect(all('1 / (1 + exp(-1))')).toEqual(['1/(1 + e^(-1))', '\\frac{1}{1 + e^{-1}}', '1/(1 + exp(-1))']);
    expect(all('exp(1)')).toEqual(['e', 'e', 'exp(1)']);
    expect(all('sqrt(2)')).toEqual(['√2', '\\sqrt{2}', 'sqrt(2)']);
    expect(all('log(x + 1)')).toEqual(['ln(x + 1)', '\\ln\\left(x + 1\\right)', 'log(x + 1)']);
  });
  it('parenthesises where precedence needs it', () => {
    expect(all('log(2) ^ 2')).toEqual(['(ln 2)^2', '\\left(\\ln 2\\right)^{2}', '(log(2))^2']);
    expect(all('3 * log(2) / 2')).toEqual(['(3 ln 2)/2', '\\frac{3 \\ln 2}{2}', '(3*log(2))/2']);
    expect(all('1 / 2 / sqrt(2)')[0]).toBe('1/(2 √2)');
    expect(all('x - (y + 1)')[0]).toBe('x - y - 1');
    expect(all('(x - y) * 3')[0]).toBe('3 · (x - y)');
  });
  it('shows input names for the internal symbols, upright in LaTeX when longer than a letter', () => {
    expect(
      all(
        '2 * _in0 * _in1',
        new Map([
          ['_in0', 'a1'],
          ['_in1', 'x'],
        ]),
      ),
    ).toEqual(['2 a1 · x', '2 \\mathrm{a1} \\cdot x', '2*a1*x']);
  });
});
