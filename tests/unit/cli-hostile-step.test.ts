/** A step that overflows is refused, and no command writes a document the loader would refuse. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentText } from '../../src/cli/output';
import { parseDocument } from '../../src/graph/load';
import { runInProcess as run, writeDoc } from '../cli-in-process';
import { tempDir } from '../tmp';

const P3 = 'public/examples/p3-linear-mse-update.json';

describe('step with a learning rate that overflows', () => {
  it('refuses --lr 1e308 naming the parameter, and writes nothing', () => {
    const out = join(tempDir('backprop-step-'), 'out.json');
    // P3's summed gradient of A is (-2, 4): A - 1e308 · (-2) overflows to +Infinity in the first element.
    expect(() => run('step', P3, '--lr', '1e308', '-o', out)).toThrow(
      `${P3}: the step would make "A" Infinity at element 0 (the learning rate times the gradient overflows): use a smaller learning rate`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('still writes a large but finite step, which loads', () => {
    const out = join(tempDir('backprop-step-'), 'out.json');
    expect(run('step', P3, '--lr', '1e300', '-o', out).status).toBe(0);
    const back = parseDocument(readFileSync(out, 'utf8'));
    expect(back.ok).toBe(true);
  });
});

describe('step on a large tensor', () => {
  it('prints a bounded line per parameter: no fractions for 100,000 elements', () => {
    const n = 100_000;
    const file = writeDoc({
      nodes: [
        { id: 'W', op: 'input', position: { x: 0, y: 0 }, params: { trainable: true }, value: { shape: [n], data: Array(n).fill(3) } },
        { id: 'L', op: 'sum', position: { x: 200, y: 0 } },
      ],
      edges: [{ source: 'W', target: 'L', port: 'x' }],
    });
    // d(sum W)/dW = 1, so with lr 1 every element goes 3 → 2, and the loss 300000 → 200000.
    const { status, stdout } = run('step', file, '--lr', '1');
    expect(status).toBe(0);
    expect(stdout).toBe('SGD step, lr 1, gradient summed\nloss before: 300000\nloss after:  200000\nW = tensor 100000 [2, 2, 2, …]\n');
  });
});

describe('documentText', () => {
  it('refuses a document the loader would not open, naming the path', () => {
    const doc = {
      format: 'backprop-studio.graph' as const,
      version: 2 as const,
      nodes: [{ id: 'x', op: 'input', position: { x: 0, y: 0 }, value: Number.NaN }],
      edges: [],
    };
    expect(() => documentText(doc)).toThrow(/^the document would not load, so it was not written:\n {2}nodes\[0\]\.value: /);
  });
});
