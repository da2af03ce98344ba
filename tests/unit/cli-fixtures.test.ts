/** Fixtures from the command line: `--expected` on every command that writes a document, and `check` on them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTHING_TO_COMPARE } from '../../src/cli/commands/check';
import { CliError } from '../../src/cli/errors';
import { parseDocument } from '../../src/graph/load';
import type { GraphDocument } from '../../src/graph/schema';
import { runInProcess as run, writeDoc } from '../cli-in-process';
import { tempDir } from '../tmp';

const EXAMPLES = 'public/examples';
const LN2 = Math.log(2);

function readDoc(path: string): GraphDocument {
  const r = parseDocument(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

/** A fresh file path in a temporary directory. */
const file = (name: string): string => join(tempDir('backprop-fixture-'), name);

describe('export --expected', () => {
  it('writes P1 with every answer of the exam, and check passes on it', () => {
    const out = file('p1.json');
    const exported = run('export', '-e', 'z * 2^(x - y)', '--at', 'x=2,y=1,z=-3', '--expand-sub', '--expected', '-o', out);
    expect(exported).toEqual({ status: 0, stdout: '', stderr: '' });
    const exp = readDoc(out).expected;
    // The exam's answers: f = −6, ∂f/∂x = z · 2^(x−y) · ln 2 = −6 ln 2, ∂f/∂y = 6 ln 2, ∂f/∂z = 2^(x−y) = 2.
    expect(exp?.tol).toBe(1e-9);
    expect(exp?.output).toBe(-6);
    expect(exp?.gradients?.x).toBeCloseTo(-6 * LN2, 14);
    expect(exp?.gradients?.y).toBeCloseTo(6 * LN2, 14);
    expect(exp?.gradients?.z).toBe(2);
    expect(exp?.nodes?.x).toEqual({ value: 2, grad: exp?.gradients?.x, shape: [] });
    expect(run('check', out)).toEqual({ status: 0, stdout: `ok    ${out}\n`, stderr: '' });
  });

  it('fails check with a readable diff once the numbers or the graph change', () => {
    const out = file('f.json');
    expect(run('export', '-e', 'x * y + y', '--at', 'x=3,y=2', '--expected', '-o', out).status).toBe(0);
    const doc = readDoc(out);
    const moved = writeDoc({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'x' ? { ...n, value: 4 } : n)) });
    const r = run('check', moved);
    expect(r.status).toBe(1);
    // f = xy + y: at x = 4 the product is 8 and f is 10 (they were 6 and 8); ∂f/∂y = x + 1 moves from 4 to 5,
    // in nodes.y.grad and gradients.y.
    expect(r.stdout).toContain(`FAIL  ${moved}: 6 mismatches\n  output\n    expected: 8\n    actual:   got 10\n`);
    expect(r.stdout).toContain('  nodes.x.value\n    expected: 3\n    actual:   got 4\n');
    expect(r.stdout).toContain('  gradients.y\n    expected: 4\n    actual:   got 5\n');
    const rewired = writeDoc({ ...doc, nodes: doc.nodes.map((n) => (n.op === 'mul' ? { ...n, op: 'add' } : n)) });
    expect(run('check', rewired).stdout).toContain('  output\n    expected: 8\n    actual:   got 7\n');
  });

  it('refuses a graph with an error, naming the node, and writes nothing', () => {
    const out = file('bad.json');
    expect(() => run('export', '-e', 'log(x) + 1', '--at', 'x=-3', '--expected', '-o', out)).toThrow(
      new CliError('cannot write the expected block:\n  f2 (node "log1") has no value to expect: log of a non-positive number: -3'),
    );
    expect(readdirSync(join(out, '..'))).toEqual([]);
  });

  it('writes shapes only for a graph too large to evaluate, saying so, and check passes at once', () => {
    const out = file('vgg.json');
    const r = run('export', join(EXAMPLES, 'p9-vgg-shapes.json'), '--expected', '-o', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'backprop: the graph is too large to evaluate for a fixture (5.86e+9 multiply-adds, over 1e+9): the expected block states shapes only\n',
    );
    expect(readDoc(out).expected?.nodes?.pool4).toEqual({ shape: [512, 20, 20] });
    expect(run('check', out).status).toBe(0);
  });

  it('replaces a stale block of a file given new values with --at', () => {
    const out = file('p1-at.json');
    expect(run('export', join(EXAMPLES, 'p1-backprop.json'), '--at', 'x=3', '--expected', '-o', out).status).toBe(0);
    // z · 2^(x − y) at x = 3: −3 · 4 = −12.
    expect(readDoc(out).expected?.output).toBe(-12);
    expect(run('check', out).status).toBe(0);
  });
});

describe('step -o --expected', () => {
  it('writes the updated P3 with its own answers and its next step, which check passes', () => {
    const out = file('p3-next.json');
    const r = run('step', join(EXAMPLES, 'p3-linear-mse-update.json'), '--lr', '1', '--mean', '-o', out, '--expected');
    expect(r.status).toBe(0);
    const exp = readDoc(out).expected;
    // After the exam's step the loss is 23.61 (it went up): the updated document starts there.
    expect(exp?.output).toBeCloseTo(23.611111111111107, 12);
    expect(exp?.step?.lossBefore).toBeCloseTo(23.611111111111107, 12);
    expect(run('check', out)).toMatchObject({ status: 0, stdout: `ok    ${out}\n` });
  });

  it('needs -o', () => {
    expect(() => run('step', join(EXAMPLES, 'p3-linear-mse-update.json'), '--lr', '1', '--expected')).toThrow(
      /--expected adds the expected block to the document written with -o/,
    );
  });
});

describe('variants carry their expected blocks', () => {
  it('check passes on every variant document written, with or without --expected', () => {
    const dir = join(tempDir('backprop-variants-fixture-'), 'class');
    expect(run('variants', join(EXAMPLES, 'p1-backprop.json'), '-n', '6', '--blanks', 'b1,b2', '-o', dir).status).toBe(0);
    const docs = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(dir, f));
    expect(docs).toHaveLength(6);
    const checked = run('check', ...docs);
    expect(checked.status, checked.stdout).toBe(0);
    expect(checked.stdout).toContain('all 6 files match');
    const flagged = join(tempDir('backprop-variants-fixture-'), 'class');
    expect(run('variants', join(EXAMPLES, 'p1-backprop.json'), '-n', '2', '-o', flagged, '--expected').status).toBe(0);
    expect(run('check', flagged).stdout).toContain('all 2 files match');
  });
});

describe('check never passes vacuously', () => {
  const p1 = readDoc(join(EXAMPLES, 'p1-backprop.json'));
  it.each([
    ['no expected block', { ...p1, expected: undefined }],
    ['an empty block', { ...p1, expected: {} }],
    ['a tolerance alone', { ...p1, expected: { tol: 1e-9 } }],
    ['nodes without answers', { ...p1, expected: { nodes: { x: {} }, gradients: {} } }],
  ])('fails on %s, saying how to make a fixture', (_, doc) => {
    const path = writeDoc(doc);
    expect(run('check', path)).toEqual({ status: 1, stdout: `FAIL  ${path}: ${NOTHING_TO_COMPARE}\n`, stderr: '' });
    expect(NOTHING_TO_COMPARE).toBe('no expected values: run `backprop export --expected` or Save as fixture');
  });

  it('passes on every example', () => {
    const r = run('check', EXAMPLES);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain(`all ${readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).length} files match`);
  });

  it('lists --expected in the help of every command that writes a document', () => {
    for (const command of ['export', 'step', 'variants']) expect(run('help', command).stdout).toContain('--expected');
  });
});

describe('a fixture written twice is the same file', () => {
  it('export --expected of its own output changes nothing', () => {
    const a = file('a.json');
    const b = file('b.json');
    expect(run('export', '-e', 'sigmoid(w*x + c)', '--at', 'w=0.5,x=2,c=-1', '--expected', '-o', a).status).toBe(0);
    expect(run('export', a, '--expected', '-o', b).status).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });
});
