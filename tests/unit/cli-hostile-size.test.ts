/**
 * Graphs and formulas far deeper than the JavaScript call stack (about 10,000 frames): nothing
 * walks them recursively, so each command gives the right answer instead of "internal error".
 */
import { describe, expect, it } from 'vitest';
import { printExpr, parseFormula } from '../../src/graph/formula';
import { runInProcess as run, writeDoc } from '../cli-in-process';

/** n0 = x (input), n_i = -n_(i-1): the output is (-1)^(n-1) x and so is its gradient. */
function negChain(n: number, extra: { ring?: boolean } = {}): string {
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    op: i ? 'neg' : 'input',
    position: { x: i * 10, y: 0 },
    ...(i ? {} : { value: 1 }),
  }));
  const edges = Array.from({ length: n - 1 }, (_, i) => ({ source: `n${i}`, target: `n${i + 1}`, port: 'u' }));
  // A ring: n1 reads n(n-1) instead of n0, so n1..n(n-1) form one cycle.
  if (extra.ring) edges[0] = { source: `n${n - 1}`, target: 'n1', port: 'u' };
  return writeDoc({ nodes, edges });
}

const big = negChain(130_000);
const deep = negChain(15_000);

describe('130,000-node chain', () => {
  it('eval: output (-1)^129999 = -1 and d/dx = -1, one table row per node', () => {
    const { status, stdout } = run('eval', big);
    expect(status).toBe(0);
    expect(stdout).toContain('output f130000 = -1\n');
    expect(stdout).toContain('d f130000/d n0 = -1\n');
    expect(stdout.split('\n').filter((l) => / neg /.test(l))).toHaveLength(129_999);
  });

  it('eval --json: the same numbers', () => {
    const res = JSON.parse(run('eval', big, '--json').stdout);
    expect([res.output, res.gradients.n0, res.nodes.length]).toEqual([-1, -1, 130_000]);
  });

  it('shapes: every node a scalar, no parameters, in the table and in JSON', () => {
    const { status, stdout } = run('shapes', big);
    expect(status).toBe(0);
    expect(stdout.split('\n').filter((l) => /^f\d+ +n\d+ +neg +scalar +0 /.test(l))).toHaveLength(129_999);
    const res = JSON.parse(run('shapes', big, '--json').stdout);
    expect([res.rows.length, res.totals.params]).toEqual([130_000, 0]);
  });

  it('a ring of 129,999 nodes is reported as one cycle in a short message', () => {
    const { status, stdout } = run('eval', negChain(130_000, { ring: true }));
    expect(status).toBe(1);
    expect(stdout).toContain('output f130000 has no value: on a cycle of 129999 nodes: n1 → n2 → n3 → n4 → n5 → … → n129999 → n1');
  });
});

describe('15,000-node chain', () => {
  it('render: an SVG with every node', () => {
    const { status, stdout } = run('render', deep, '--decimals');
    expect(status).toBe(0);
    expect(stdout.trimEnd()).toMatch(/<\/svg>$/);
    expect(stdout).toContain('f15000');
  });

  it('tikz: a tikzpicture with every node', () => {
    const { status, stdout } = run('tikz', deep, '--decimals');
    expect(status).toBe(0);
    expect(stdout).toContain('\\end{tikzpicture}');
    expect(stdout).toContain('f_{15000}');
  });
});

describe('formulas deeper than the stack', () => {
  it('x + x + ... + x, 100,000 terms: the output is 100000 at x = 1, and so is d/dx', () => {
    const res = JSON.parse(run('eval', '-e', Array(100_000).fill('x').join(' + '), '--at', 'x=1', '--json').stdout);
    expect([res.output, res.gradients.x]).toEqual([100_000, 100_000]);
  });

  it('prints a 100,000-term product back as it was written', () => {
    const src = Array(100_000).fill('x').join(' * ');
    expect(printExpr(parseFormula(src))).toBe(src);
  });

  it.each([
    ['50,000 nested parentheses', `${'('.repeat(50_000)}x${')'.repeat(50_000)}`, 'column 501: nested more than 500 levels deep'],
    ['a 50,000-level power tower', Array(50_000).fill('x').join('^'), 'column 1002: nested more than 500 levels deep'],
    ['50,000 nested calls', `${'exp('.repeat(50_000)}x${')'.repeat(50_000)}`, 'column 2001: nested more than 500 levels deep'],
  ])('refuses %s in one short line', (_what, src, message) => {
    const call = () => run('eval', '-e', src, '--at', 'x=1');
    expect(call).toThrow(message);
    try {
      call();
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
    }
  });
});
