import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../../src/cli/errors';
import { parseDocument } from '../../src/graph/load';
import { runInProcess } from '../cli-in-process';
import { tempDir } from '../tmp';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const SWISH = 'swish(u) = u * sigmoid(u)';

describe('backprop eval/export --define', () => {
  it('evaluates swish(x*y) + x at x = 0.7, y = -1.3 against the closed form', () => {
    const r = runInProcess('eval', '-e', 'swish(x*y) + x', '--define', SWISH, '--at', 'x=0.7,y=-1.3', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const t = 0.7 * -1.3;
    const ds = sigmoid(t) + t * sigmoid(t) * (1 - sigmoid(t));
    expect(out.output).toBeCloseTo(t * sigmoid(t) + 0.7, 14);
    expect(out.gradients.x).toBeCloseTo(ds * -1.3 + 1, 14);
    expect(out.gradients.y).toBeCloseTo(ds * 0.7, 14);
    expect(out.nodes[3]).toMatchObject({ id: 'call1', label: 'f4', op: 'call', fn: 'swish', grad: 1 });
  });

  it('takes several definitions, a later one using an earlier one, and names the function in the table', () => {
    const r = runInProcess('eval', '-e', 'sq(swish(x))', '--define', SWISH, '--define', 'sq(v) = v^2', '--at', 'x=0.5');
    expect(r.status).toBe(0);
    // swish(0.5) = 0.5 σ(0.5) = 0.31123, squared 0.0968639; d/dx = 2 swish · swish′ = 0.460596.
    expect(r.stdout).toMatch(/^f2 +call1 +swish +0\.31123 +0\.622459$/m);
    expect(r.stdout).toMatch(/^f3 +call2 +sq +0\.0968639 +1$/m);
    const s = 0.5 * sigmoid(0.5);
    const ds = sigmoid(0.5) + 0.5 * sigmoid(0.5) * (1 - sigmoid(0.5));
    expect(r.stdout).toContain(`d f3/d x = ${(2 * s * ds).toPrecision(6)}`);
  });

  it.each([
    [['g(x)', '--define', 'g(u) = g(u)'], 'backprop: --define "g(u) = g(u)": g calls itself; a function cannot be recursive\n'],
    [
      ['g(x)', '--define', 'g u = u'],
      'backprop: --define "g u = u": a definition is written name(arguments) = body, as in swish(u) = u * sigmoid(u)\n',
    ],
    [['g(x)', '--define', 'exp(u) = u'], 'backprop: --define "exp(u) = u": "exp" is a built-in function; choose another name\n'],
    [['g(x, 1)', '--define', 'g(u) = u'], 'backprop: syntax error in -e "g(x, 1)": column 1: g takes 1 argument but got 2\n'],
    [['g(x)'], 'backprop: syntax error in -e "g(x)": column 1: unknown function \'g\'\n'],
  ])('refuses %j with one clear line', (args, message) => {
    let line = '';
    try {
      runInProcess('eval', '-e', ...args, '--at', 'x=1');
    } catch (e) {
      line = `${errorLine(e)}\n`;
    }
    expect(line).toBe(message);
  });

  it('export writes the definitions into the document, which check then verifies', () => {
    const file = join(tempDir('backprop-fn-'), 'swish.json');
    const w = runInProcess('export', '-e', 'swish(x) * y', '--define', SWISH, '--at', 'x=2,y=3', '--expected', '-o', file);
    expect([w.status, w.stderr]).toEqual([0, '']);
    const loaded = parseDocument(readFileSync(file, 'utf8'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(loaded.doc.version).toBe(2);
    expect(loaded.doc.functions).toEqual([{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }]);
    expect(loaded.doc.expected?.output).toBeCloseTo(3 * 2 * sigmoid(2), 14);
    expect(runInProcess('check', file).status).toBe(0);
  });
});
