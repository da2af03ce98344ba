import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors';
import { runInProcess, writeDoc } from '../cli-in-process';

const LN2 = Math.log(2);
const P1 = 'public/examples/p1-backprop.json';

describe('eval --forward', () => {
  it('P1 with respect to x: the top-level tangent is df/dx = ln2·z·2^(x−y) = −6 ln 2; inputs carry 1 for x and 0 for the others', () => {
    const r = runInProcess('eval', P1, '--forward', 'x', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tangent).toBeCloseTo(-6 * LN2, 12);
    expect(out.tangent).toBeCloseTo(out.gradients.x, 14);
    const t = out.nodes.map((n: { tangent: number }) => n.tangent);
    expect(t.slice(0, 5)).toEqual([1, 0, 0, 0, 1]);
    expect(t[5]).toBeCloseTo(2 * LN2, 14);
  });

  it('a formula with respect to y: d(x·y + sin x)/dy = x, and d/dx = y + cos x (closed forms)', () => {
    const dy = JSON.parse(runInProcess('eval', '-e', 'x*y + sin(x)', '--at', 'x=0.5,y=2', '--forward', 'y', '--json').stdout);
    expect(dy.tangent).toBe(0.5);
    const dx = JSON.parse(runInProcess('eval', '-e', 'x*y + sin(x)', '--at', 'x=0.5,y=2', '--forward', 'x', '--json').stdout);
    expect(dx.tangent).toBeCloseTo(2 + Math.cos(0.5), 14);
  });

  it('the text table has a tangent column and a forward-mode line', () => {
    const r = runInProcess('eval', P1, '--forward', 'z');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/gradient b_i\s+tangent ḟ_i$/);
    expect(lines.find((l) => l.startsWith('f7'))).toMatch(/\s2$/);
    expect(r.stdout).toContain('forward mode: d f7/d z = 2\n');
  });

  it('a tensor element: d sum(W ⊙ x)/d W[4] = x[1] (x broadcast over the rows)', () => {
    const file = writeDoc({
      nodes: [
        { id: 'W', op: 'input', value: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, position: { x: 0, y: 0 } },
        { id: 'x', op: 'input', value: { shape: [3], data: [0.5, -1, 2] }, position: { x: 0, y: 100 } },
        { id: 'm', op: 'mul', position: { x: 100, y: 0 } },
        { id: 's', op: 'sum', position: { x: 200, y: 0 } },
      ],
      edges: [
        { source: 'W', target: 'm', port: 'a' },
        { source: 'x', target: 'm', port: 'b' },
        { source: 'm', target: 's', port: 'x' },
      ],
    });
    const out = JSON.parse(runInProcess('eval', file, '--forward', 'W[4]', '--json').stdout);
    expect(out.tangent).toBe(-1);
    expect(out.nodes[2].tangent).toEqual([
      [0, 0, 0],
      [0, -1, 0],
    ]);
  });

  it('a name that is no input or node, or an element outside the tensor: one clear message (main prints it with status 2)', () => {
    const call = (x: string) => () => runInProcess('eval', P1, '--forward', x);
    expect(call('w')).toThrow(CliError);
    expect(call('w')).toThrow(
      /^--forward "w": no input or node of that name \(the inputs are x, y, z; a node id or a label such as f3 also works\)$/,
    );
    expect(call('x[1]')).toThrow(/^--forward x\[1\]: x has 1 element \(0 to 0\)$/);
  });
});

describe('modes', () => {
  it('P1 as JSON: reverse 2 passes and 10 operations, forward 3 passes and 20 (counted by hand in mode-cost.test.ts)', () => {
    const r = runInProcess('modes', P1, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      values: 4,
      reverse: { passes: 2, products: 6, operations: 10 },
      forward: { passes: 3, products: 8, operations: 20 },
      inputs: [
        { name: 'x', passes: 1, productsPerPass: 3 },
        { name: 'y', passes: 1, productsPerPass: 4 },
        { name: 'z', passes: 1, productsPerPass: 1 },
      ],
    });
  });
  it('x·y + z: reverse 2 + 4 = 6; forward 3 passes, 2 + 2 + 1 live edges, 3·2 + 5 = 11', () => {
    const lines = runInProcess('modes', '-e', 'x*y + z', '--at', 'x=1,y=2,z=3').stdout.split('\n');
    expect(lines[2]).toMatch(/^reverse\s+2 \(1 forward, 1 backward\)\s+2\s+4\s+6$/);
    expect(lines[3]).toMatch(/^forward\s+3 \(1 per input element\)\s+6\s+5\s+11$/);
  });
});
