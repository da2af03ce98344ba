import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/graph/analyze';
import { checkExpected, needsValues } from '../../src/graph/fixture';
import { parseDocument } from '../../src/graph/load';
import type { GraphDocument } from '../../src/graph/schema';
import { summarize } from '../../src/graph/summary';
import { sgdStep } from '../../src/graph/train';

const dir = 'public/examples';
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

function load(file: string): GraphDocument {
  const r = parseDocument(readFileSync(`${dir}/${file}`, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
  return r.doc;
}

describe('every example reproduces its exam answers', () => {
  it('covers the problems P1-P14', () => {
    for (let p = 1; p <= 14; p++)
      expect(
        files.some((f) => f.startsWith(`p${p}-`)),
        `P${p}`,
      ).toBe(true);
  });
  it.each(files)('%s', (file) => {
    const doc = load(file);
    expect(doc.expected, 'an expected block').toBeDefined();
    expect(checkExpected(analyze(doc, { shapesOnly: !needsValues(doc.expected) }))).toEqual([]);
  });
});

describe('P3: one SGD step with the gradient averaged over the batch (seed exam 004)', () => {
  const res = sgdStep(load('p3-linear-mse-update.json'), { lr: 1, mean: true });
  it('infers the batch of 3 points from y = A x (1 × 3)', () => expect(res.batch).toBe(3));
  it('gives A = (11/3, 2/3)', () => {
    const A = res.params.A as { data: Float64Array };
    expect(A.data[0]).toBeCloseTo(11 / 3, 14);
    expect(A.data[1]).toBeCloseTo(2 / 3, 14);
  });
  it('and the loss goes from 16.5 up to 425/18', () => {
    expect(res.lossBefore).toBe(16.5);
    expect(res.lossAfter as number).toBeCloseTo(425 / 18, 12);
  });
  it('without averaging, the step is three times larger', () => {
    const summed = sgdStep(load('p3-linear-mse-update.json'), { lr: 1 });
    expect(Array.from((summed.params.A as { data: Float64Array }).data)).toEqual([5, -2]);
  });
});

describe('layer arithmetic', () => {
  it('P6: AlexNet conv1 uses 784 KB, 23,296 parameters and 72,855,552 multiply-adds', () => {
    const s = summarize(analyze(load('p6-alexnet-conv1.json'), { shapesOnly: true }));
    const conv = s.rows.find((r) => r.id === 'conv1');
    expect(conv).toMatchObject({
      shape: [64, 56, 56],
      params: 23296,
      macs: 64 * 56 * 56 * 3 * 11 * 11,
      memoryKB: (64 * 56 * 56 * 4) / 1024,
    });
  });
  it('P8: LeNet totals 61,706 parameters', () => {
    expect(summarize(analyze(load('p8-lenet-params.json'), { shapesOnly: true })).totals.params).toBe(61706);
  });
  it("counts a trainable input once, not again where it feeds a layer's weight port", () => {
    const doc = load('p4-conv-by-hand.json');
    const trainable = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'K' ? { ...n, params: { trainable: true } } : n)) };
    expect(summarize(analyze(trainable)).totals.params).toBe(4);
  });
});
