/**
 * eval --json of large tensors: past the limit a tensor is its summary (shape, elements, min, max,
 * mean); --full writes every number as a stream, the per-node part left out unless asked for.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { LARGE_TENSOR } from '../../src/cli/commands/eval';
import { runInProcess as run, writeDoc } from '../cli-in-process';

const SIDE = 400;
const N = SIDE * SIDE;
// x[i] = i mod 7 on a 400 × 400 grid, then the sum: 160,000 elements, over the limit.
const data = Array.from({ length: N }, (_, i) => i % 7);
const big = writeDoc({
  nodes: [
    { id: 'x', op: 'input', position: { x: 0, y: 0 }, value: { shape: [SIDE, SIDE], data } },
    { id: 's', op: 'sum', position: { x: 200, y: 0 } },
  ],
  edges: [{ source: 'x', target: 's', port: 'x' }],
});
// 160,000 = 7 · 22,857 + 1: 22,857 full cycles 0..6 (each summing to 21) and one 0.
const SUM = 22_857 * 21;
const summary = (shape: number[], min: number, max: number, mean: number) => ({ shape, elements: N, min, max, mean });
const NOTE = 'backprop: tensors over 100,000 elements are given as {shape, elements, min, max, mean}; --full for every number\n';

describe('eval --json of a tensor over the limit', () => {
  it('the tensor here is over the limit', () => {
    expect(LARGE_TENSOR).toBeLessThan(N);
  });

  it('gives every part by default, a tensor over the limit as its summary, and says so on stderr', () => {
    const { status, stdout, stderr } = run('eval', big, '--json');
    expect(status).toBe(0);
    expect(stdout.length).toBeLessThan(2000);
    const res = JSON.parse(stdout);
    expect(Object.keys(res)).toEqual(['output', 'gradients', 'nodes']);
    expect(res.output).toBe(SUM);
    // d(sum)/dx is 1 everywhere.
    expect(res.gradients.x).toEqual(summary([SIDE, SIDE], 1, 1, 1));
    expect(res.nodes[0].value.shape).toEqual([SIDE, SIDE]);
    expect(res.nodes[0].value).toMatchObject({ elements: N, min: 0, max: 6 });
    expect(res.nodes[0].value.mean).toBeCloseTo(SUM / N, 12);
    expect(res.nodes[1]).toMatchObject({ id: 's', value: SUM, grad: 1, shape: [], error: null });
    expect(stderr).toBe(NOTE);
  });

  it('gives the same through the real command line, a process of its own', () => {
    const out = execFileSync(process.execPath, ['scripts/backprop.mjs', 'eval', big, '--json', '--only', 'gradients'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ gradients: { x: summary([SIDE, SIDE], 1, 1, 1) } });
  });

  it('with --full gives every number of output and gradients only, and says so on stderr', () => {
    const { status, stdout, stderr } = run('eval', big, '--json', '--full');
    expect(status).toBe(0);
    const res = JSON.parse(stdout);
    expect(Object.keys(res)).toEqual(['output', 'gradients']);
    expect(res.output).toBe(SUM);
    expect(res.gradients.x).toHaveLength(SIDE);
    expect(res.gradients.x.every((row: number[]) => row.length === SIDE && row.every((g) => g === 1))).toBe(true);
    expect(stderr).toBe(
      'backprop: a tensor has 160,000 elements (over 100,000), so --json --full gives output and gradients only; --only output,gradients,nodes for every node\n',
    );
  });

  it('gives every number of every node with --full --only nodes, in pieces of at most about 64 KB', () => {
    const pieces: string[] = [];
    const status = runCli(['eval', big, '--json', '--full', '--only', 'output,nodes'], {
      out: (t) => pieces.push(t),
      err: () => undefined,
    });
    expect(status).toBe(0);
    const text = pieces.join('');
    // Two 160,000-element tensors (the value and the gradient of x) are over 600 KB of text.
    expect(text.length).toBeGreaterThan(600_000);
    expect(pieces.reduce((m, p) => Math.max(m, p.length), 0)).toBeLessThan(70_000);
    const res = JSON.parse(text);
    expect(Object.keys(res)).toEqual(['output', 'nodes']);
    expect(res.nodes[0].value[1][3]).toBe((SIDE + 3) % 7);
    expect(res.nodes[1]).toMatchObject({ id: 's', value: SUM, grad: 1, shape: [], error: null });
  });

  it('refuses an unknown part, exact parts without --exact, and --only without --json', () => {
    expect(() => run('eval', big, '--json', '--only', 'values')).toThrow(
      '--only takes output, gradients, exact, analytic, nodes, got "values"',
    );
    expect(() => run('eval', big, '--json', '--only', 'exact')).toThrow('--only exact needs --exact');
    expect(() => run('eval', big, '--only', 'output')).toThrow('--only applies to --json');
    expect(() => run('eval', big, '--full')).toThrow('--full applies to --json');
  });

  it('keeps the table short: a tensor shows three elements', () => {
    const { stdout } = run('eval', big);
    expect(stdout).toMatch(/^f1 +x +input +tensor 400×400 \[0, 1, 2, …\] +tensor 400×400 \[1, 1, 1, …\]$/m);
    expect(stdout.length).toBeLessThan(1000);
  });
});

describe('eval --json of small graphs', () => {
  it('gives every part, as before', () => {
    const res = JSON.parse(run('eval', 'public/examples/p1-backprop.json', '--json', '--exact').stdout);
    expect(Object.keys(res)).toEqual(['output', 'gradients', 'exact', 'analytic', 'nodes']);
    const only = JSON.parse(run('eval', 'public/examples/p1-backprop.json', '--json', '--only', 'gradients').stdout);
    expect(Object.keys(only)).toEqual(['gradients']);
    // problems.md P1: df/dx = -6 ln 2, df/dy = 6 ln 2, df/dz = 2.
    expect(only.gradients.x).toBeCloseTo(-6 * Math.LN2, 12);
    expect(only.gradients.y).toBeCloseTo(6 * Math.LN2, 12);
    expect(only.gradients.z).toBeCloseTo(2, 12);
  });
});
