/** The `shapes` and `step` commands in-process, against the exam answers of P3, P6 and P8. */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli-in-process';

const run = runInProcess;

describe('backprop shapes', () => {
  it('P6: AlexNet conv1 is 64×56×56, 784 KB, 23,296 parameters, 72,855,552 multiply-adds', () => {
    const { status, stdout } = run('shapes', 'public/examples/p6-alexnet-conv1.json');
    expect(status).toBe(0);
    expect(stdout).toMatch(/conv1\s+conv2d\s+64×56×56\s+23,296\s+784\s+72,855,552/);
    expect(stdout).toMatch(/FLOPs counted as multiply-adds/);
  });
  it('switches to 2 × MACs and prints JSON for machines', () => {
    const { stdout } = run('shapes', 'public/examples/p6-alexnet-conv1.json', '--flops', '2macs', '--json');
    const res = JSON.parse(stdout);
    expect(res.totals).toMatchObject({ params: 23296, macs: 72855552, flops: 2 * 72855552 });
    expect(res.convention).toMatch(/2 × MACs/);
  });
  it('P8: LeNet totals 61,706 parameters', () => {
    const res = JSON.parse(run('shapes', 'public/examples/p8-lenet-params.json', '--json').stdout);
    expect(res.totals.params).toBe(61706);
    expect(res.rows.map((r: { params: number }) => r.params).filter(Boolean)).toEqual([156, 2416, 48120, 10164, 850]);
  });
  it('refuses an unknown FLOP convention', () => {
    expect(() => run('shapes', 'public/examples/p6-alexnet-conv1.json', '--flops', 'gflops')).toThrow(/--flops must be macs or 2macs/);
  });
});

describe('backprop step', () => {
  it('P3: with lr 1 and the gradient averaged over 3, A = (11/3, 2/3) and the loss rises 16.5 → 23.6111', () => {
    const { status, stdout } = run('step', 'public/examples/p3-linear-mse-update.json', '--lr', '1', '--mean');
    expect(status).toBe(0);
    expect(stdout).toContain('gradient averaged over a batch of 3');
    expect(stdout).toContain('loss before: 16.5');
    expect(stdout).toContain(`loss after:  ${(425 / 18).toPrecision(6)}`);
    expect(stdout).toContain(`A = tensor 1×2 [${(11 / 3).toPrecision(6)}, ${(2 / 3).toPrecision(6)}]`);
    expect(stdout).toContain('the loss went up');
  });
  it('needs a learning rate, and a graph with trainable inputs', () => {
    expect(() => run('step', 'public/examples/p3-linear-mse-update.json')).toThrow(/--lr 0.1/);
    expect(() => run('step', 'public/examples/p1-backprop.json', '--lr', '1')).toThrow(/no trainable inputs/);
  });
});

describe('backprop eval --exact', () => {
  it('P1: the gradients in closed form, in CAS syntax under --json', () => {
    const res = JSON.parse(run('eval', 'public/examples/p1-backprop.json', '--exact', '--json').stdout);
    expect(res.exact).toEqual({ x: '-6*log(2)', y: '6*log(2)', z: '2' });
    expect(res.nodes.map((n: { exact: { grad: string } }) => n.exact.grad)).toEqual([
      '-6*log(2)',
      '6*log(2)',
      '2',
      '-6*log(2)',
      '-6*log(2)',
      '-3',
      '1',
    ]);
  });
  it('P1: the analytic gradients evaluate to the numbers at x = 2, y = 1, z = -3', () => {
    const res = JSON.parse(run('eval', 'public/examples/p1-backprop.json', '--exact', '--json').stdout);
    const at = (expr: string) => new Function('x', 'y', 'z', 'log', `return ${expr.replace(/\^/g, '**')};`)(2, 1, -3, Math.log);
    expect(at(res.analytic.x)).toBeCloseTo(-6 * Math.LN2, 12);
    expect(at(res.analytic.y)).toBeCloseTo(6 * Math.LN2, 12);
    expect(at(res.analytic.z)).toBe(2);
  });
  it('P3 (a tensor graph): the loss as a fraction, and the step in fractions', () => {
    const res = JSON.parse(run('eval', 'public/examples/p3-linear-mse-update.json', '--exact', '--json').stdout);
    expect(res.nodes.find((n: { id: string }) => n.id === 'L').exact.value).toBe('33/2');
    expect(run('step', 'public/examples/p3-linear-mse-update.json', '--lr', '1', '--mean').stdout).toContain('(exactly [11/3, 2/3])');
  });
});
