/** Hostile numbers through `eval --exact`: every one ends in a correct result, never a crash. */
import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../cli-in-process';

interface Result {
  output: number | null;
  gradients: Record<string, number | null>;
  exact: Record<string, string | null>;
  analytic: Record<string, string | null>;
  nodes: { exact: { value: string | null } }[];
}

const exactEval = (x: string) => {
  const { status, stdout } = run('eval', '-e', 'x*2', '--at', `x=${x}`, '--exact', '--json');
  return { status, res: JSON.parse(stdout) as Result };
};

describe('eval --exact at extreme inputs', () => {
  // Doubling a double is exact (no overflow or underflow at these sizes), so 2x is the truth.
  it.each([
    '1e-300',
    '5e-324',
    '1e300',
    '-1e-300',
    '2.2250738585072014e-308',
    '0.12345678901234567',
    '1.2345678901234567',
    '123456789012.34567',
  ])('x = %s: the decimal value, and no closed form where none is compact', (x) => {
    const { status, res } = exactEval(x);
    expect(status).toBe(0);
    expect(res.output).toBe(2 * Number(x));
    expect(res.gradients.x).toBe(2);
    // d(2x)/dx = 2 whatever x is; x itself has no fraction with parts of at most 10^12.
    expect(res.analytic.x).toBe('2');
    expect(res.nodes[0].exact.value).toBeNull();
  });

  it('x = -0: zero in exact form', () => {
    const { status, res } = exactEval('-0');
    expect(status).toBe(0);
    expect(res.output).toBe(0);
    expect(res.nodes[0].exact.value).toBe('0');
    expect(res.exact.x).toBe('2');
  });

  it('x = the largest double: 2x overflows, reported on the node with status 1', () => {
    const { status, stdout } = run('eval', '-e', 'x*2', '--at', 'x=1.7976931348623157e308', '--exact');
    expect(status).toBe(1);
    expect(stdout).toContain('output f2 has no value: f2 = 2 * 1.7976931348623157e+308 is not a finite number');
  });

  it('keeps exact forms for fractions at the edge of the compact range', () => {
    const { res } = exactEval('1000000000000');
    expect(res.nodes[0].exact.value).toBe('1000000000000');
    expect(exactEval('0.25').res.nodes[1].exact.value).toBe('1/2');
  });
});
