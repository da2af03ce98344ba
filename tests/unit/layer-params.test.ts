/**
 * A layer's own tensors (a linear's or conv's weight and bias left unconnected) are named
 * `<layer id>.<port>` in `eval`, in the expected block `check` compares and in the PyTorch check.
 * The truth: for s = sum(W x + b), ds/dW is x in every row and ds/db is 1 (closed forms), and
 * torch's autograd on the exported script.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPyTorchScript } from '../../src/export/pytorch/export';
import { makeExpected, withExpected } from '../../src/graph/expected';
import { parseDocument } from '../../src/graph/load';
import type { GraphDocument } from '../../src/graph/schema';
import { runInProcess, writeDoc } from '../cli-in-process';
import { runScripts, torchMissing } from '../python';
import { tempDir } from '../tmp';

const graph = {
  nodes: [
    { id: 'x', op: 'input', value: { shape: [1, 3], data: [1, 2, 3] } },
    { id: 'fc', op: 'linear', params: { inFeatures: 3, outFeatures: 2, seed: 1 } },
    { id: 's', op: 'sum' },
  ],
  edges: [
    { source: 'x', target: 'fc', port: 'x' },
    { source: 'fc', target: 's', port: 'x' },
  ],
  output: 's',
};

const load = (file: string): GraphDocument => {
  const r = parseDocument(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
};

describe('layer parameters by name', () => {
  it('eval --json lists fc.weight and fc.bias after their layer, with values, gradients and shapes, and in gradients', () => {
    const { status, stdout } = runInProcess('eval', writeDoc(graph), '--json');
    expect(status).toBe(0);
    const out = JSON.parse(stdout) as {
      gradients: Record<string, unknown>;
      nodes: { id: string; op: string; shape: number[]; grad: unknown }[];
    };
    expect(out.nodes.map((n) => [n.id, n.op, n.shape])).toEqual([
      ['x', 'input', [1, 3]],
      ['fc', 'linear', [1, 2]],
      ['fc.weight', 'param', [2, 3]],
      ['fc.bias', 'param', [2]],
      ['s', 'sum', []],
    ]);
    expect(out.gradients['fc.weight']).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(out.gradients['fc.bias']).toEqual([1, 1]);
    expect(out.nodes[2].grad).toEqual(out.gradients['fc.weight']);
  });

  it('the text table shows them as f2.weight and f2.bias rows', () => {
    const { stdout } = runInProcess('eval', writeDoc(graph));
    expect(stdout).toMatch(/^f2\.weight +fc\.weight +param +tensor 2×3 .* +tensor 2×3 \[1, 2, 3, …\]$/m);
    expect(stdout).toContain('  d f3/d fc.bias = tensor 2 [1, 1]\n');
  });

  it('a fixture expects them, check passes on it and fails on a wrong gradient', () => {
    const doc = load(writeDoc(graph));
    const made = makeExpected(doc);
    if (!made.ok) throw new Error('no fixture');
    expect(made.expected.nodes?.['fc.bias']).toEqual({ value: expect.any(Array), grad: [1, 1], shape: [2] });
    const file = join(tempDir('backprop-params-'), 'fixture.json');
    writeFileSync(file, JSON.stringify(withExpected(doc, made.expected)));
    expect(runInProcess('check', file).status).toBe(0);
    const wrong = withExpected(doc, { ...made.expected, nodes: { ...made.expected.nodes, 'fc.bias': { grad: [1, 2] } } });
    writeFileSync(file, JSON.stringify(wrong));
    const run = runInProcess('check', file);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('nodes.fc.bias.grad\n    expected: [1,2]\n    actual:   element 1: got 1, expected 2\n');
  });

  it("torch's autograd agrees on the parameters' values and gradients, and catches a wrong one", async () => {
    const missing = torchMissing();
    if (missing) throw new Error(missing);
    const doc = load(writeDoc(graph));
    const made = makeExpected(doc);
    if (!made.ok) throw new Error('no fixture');
    const dir = tempDir('backprop-params-py-');
    const wrong = {
      ...made.expected,
      nodes: {
        ...made.expected.nodes,
        'fc.weight': {
          grad: [
            [1, 2, 3],
            [1, 2, 4],
          ],
        },
      },
    };
    writeFileSync(join(dir, 'right.py'), toPyTorchScript(withExpected(doc, made.expected)));
    writeFileSync(join(dir, 'wrong.py'), toPyTorchScript(withExpected(doc, wrong)));
    const [right, bad] = await runScripts(dir, ['right.py', 'wrong.py']);
    expect(right).toEqual({ status: 0, output: 'ok Untitled graph\n' });
    expect(bad.status).toBe(1);
    expect(bad.output).toContain('MISMATCH nodes.fc.weight.grad: element 5: got 3.0, expected 4.0');
  }, 120_000);
});
