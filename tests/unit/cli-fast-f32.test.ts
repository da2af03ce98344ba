/** eval --fast-f32: float32 products only for a graph over the threshold, and a note with the measured error. */
import { describe, expect, it } from 'vitest';
import { EPS32 } from '../../src/ops/tensor/kernels/float32';
import { runInProcess as run, writeDoc } from '../cli-in-process';

const N = 1024;
const input = (id: string, seed: number, y: number) => ({
  id,
  op: 'input',
  position: { x: 0, y },
  value: { shape: [N, N], init: 'uniform', scale: 1, seed },
});
const big = writeDoc({
  nodes: [
    input('a', 1, 0),
    input('b', 2, 100),
    { id: 'ab', op: 'matmul', position: { x: 200, y: 50 } },
    { id: 's', op: 'sum', position: { x: 400, y: 50 } },
  ],
  edges: [
    { source: 'a', target: 'ab', port: 'a' },
    { source: 'b', target: 'ab', port: 'b' },
    { source: 'ab', target: 's', port: 'x' },
  ],
  output: 's',
});

describe('eval --fast-f32', () => {
  it('says it is not used for an example under the threshold, and its answer is the float64 one', () => {
    const file = 'public/examples/p3-linear-mse-update.json';
    const plain = run('eval', file, '--json');
    const fast = run('eval', file, '--json', '--fast-f32');
    expect(fast.status).toBe(0);
    expect(fast.stdout).toBe(plain.stdout);
    expect(fast.stderr).toMatch(/fast float32 mode not used: the graph has 9 multiply-adds, under 1,000,000,000; all float64/);
  });

  it('runs a 1024³ product in float32 and reports its three products and their error', () => {
    const plain = JSON.parse(run('eval', big, '--json', '--only', 'output').stdout);
    const { status, stdout, stderr } = run('eval', big, '--json', '--only', 'output', '--fast-f32');
    expect(status).toBe(0);
    const res = JSON.parse(stdout);
    expect(Object.keys(res)).toEqual(['output', 'float32']);
    expect(res.float32.products).toBe(3);
    expect(res.float32.macs).toBe(3 * N ** 3);
    expect(res.float32.bound).toBe((N + 2) * EPS32);
    expect(res.float32.sampledError).toBeGreaterThan(0);
    expect(res.float32.sampledError).toBeLessThan(res.float32.bound);
    // The sum of N² entries, each within bound·N of float64 (|a|, |b| ≤ 1), plus float64's own rounding of the sum.
    expect(Math.abs(res.output - plain.output)).toBeLessThan(res.float32.bound * N * N * N);
    expect(res.output).not.toBe(plain.output);
    expect(stderr).toMatch(
      /fast float32 mode: 3 matrix products \(3,221,225,472 multiply-adds\) in float32; measured error \d\.\de-\d+ of Σ\|a·b\| \(largest over 24 entries rechecked in float64; bound 6\.1e-5\)/,
    );
  }, 60_000);
});
