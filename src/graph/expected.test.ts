import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { analyze } from './analyze';
import { expectedOf, makeExpected, withExpected } from './expected';
import { checkExpected, countExpected, DEFAULT_TOL, needsValues } from './fixture';
import { formulaToDocument } from './formula-to-graph';
import { parseDocument, serializeDocument } from './load';
import type { Expected, GraphDocument, NodeValue } from './schema';

const EXAMPLES = new URL('../../public/examples/', import.meta.url);

function example(name: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(name, EXAMPLES), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

/** The fixture of a document, failing the test with the problems when there is none. */
function fresh(doc: GraphDocument): Expected {
  const res = makeExpected(doc);
  if (!res.ok) throw new Error(JSON.stringify(res.problems));
  return res.expected;
}

/** The document as it is saved and read back: what `check` sees. */
function saved(doc: GraphDocument): GraphDocument {
  const r = parseDocument(serializeDocument(doc));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

const fixture = (doc: GraphDocument): GraphDocument => saved(withExpected(doc, fresh(doc)));

describe('the expected block of f = x·y + sin x at x = 0.5, y = 3', () => {
  const [x, y] = [0.5, 3];
  const doc = formulaToDocument('x * y + sin(x)', { values: { x, y } });
  const exp = fresh(doc);
  const idOf = (op: string) => doc.nodes.find((n) => n.op === op)?.id as string;

  it('states every value and gradient, by closed form, with the default tolerance', () => {
    expect(exp.tol).toBe(DEFAULT_TOL);
    expect(exp.output).toBeCloseTo(x * y + Math.sin(x), 15);
    const nodes = exp.nodes ?? {};
    expect(nodes.x).toEqual({ value: x, grad: y + Math.cos(x), shape: [] });
    expect(nodes.y).toEqual({ value: y, grad: x, shape: [] });
    expect(nodes[idOf('mul')]).toEqual({ value: x * y, grad: 1, shape: [] });
    expect(nodes[idOf('sin')]).toEqual({ value: Math.sin(x), grad: 1, shape: [] });
    expect(nodes[idOf('add')]).toEqual({ value: x * y + Math.sin(x), grad: 1, shape: [] });
    expect(Object.keys(nodes)).toHaveLength(doc.nodes.length);
    expect(exp.gradients).toEqual({ x: y + Math.cos(x), y: x });
  });

  it('is checked clean, and any change to the graph or the numbers shows as a readable diff', () => {
    const fixed = fixture(doc);
    expect(checkExpected(analyze(fixed))).toEqual([]);
    // New numbers: y = 4 moves y, the product, the sum and the gradient of x.
    const moved = { ...fixed, nodes: fixed.nodes.map((n) => (n.id === 'y' ? { ...n, value: 4 } : n)) };
    expect(checkExpected(analyze(moved)).map((m) => m.path)).toEqual([
      'output',
      'nodes.x.grad',
      'nodes.y.value',
      `nodes.${idOf('mul')}.value`,
      `nodes.${idOf('add')}.value`,
      'gradients.x',
    ]);
    expect(checkExpected(analyze(moved))[2]).toEqual({ path: 'nodes.y.value', expected: '3', actual: 'got 4' });
    // A changed graph: sin becomes cos.
    const rewired = { ...fixed, nodes: fixed.nodes.map((n) => (n.op === 'sin' ? { ...n, op: 'cos' } : n)) };
    const diff = checkExpected(analyze(rewired));
    expect(diff.find((m) => m.path === `nodes.${idOf('sin')}.value`)).toEqual({
      path: `nodes.${idOf('sin')}.value`,
      expected: String(Math.sin(x)),
      actual: `got ${Math.cos(x)}`,
    });
    expect(diff.find((m) => m.path === `nodes.${idOf('sin')}.grad`)).toBeUndefined();
    expect(diff.find((m) => m.path === 'nodes.x.grad')?.actual).toBe(`got ${y - Math.sin(x)}`);
  });
});

describe('tensors', () => {
  const doc = graph(
    [inp('v', { shape: [3], data: [1, 2, -3] }), ['sq', 'square'], ['s', 'sum']],
    [
      ['v', 'sq', 'u'],
      ['sq', 's', 'x'],
    ],
    's',
  );

  it('writes nested arrays: s = Σ v², ∂s/∂v = 2v', () => {
    const exp = fresh(doc);
    expect(exp.output).toBe(14);
    expect(exp.nodes?.v).toEqual({ value: [1, 2, -3], grad: [2, 4, -6], shape: [3] });
    expect(exp.nodes?.sq).toEqual({ value: [1, 4, 9], grad: [1, 1, 1], shape: [3] });
    expect(exp.gradients).toEqual({ v: [2, 4, -6] });
    expect(checkExpected(analyze(fixture(doc)))).toEqual([]);
  });

  it('leaves out the output of a tensor-valued graph, which the format keeps to scalars, but not its node', () => {
    const vec = graph([inp('v', { shape: [2], data: [1, 2] }), ['sq', 'square']], [['v', 'sq', 'u']], 'sq');
    const exp = fresh(vec);
    expect(exp.output).toBeUndefined();
    expect(exp.nodes?.sq).toEqual({ value: [1, 4], grad: [1, 1], shape: [2] });
  });
});

describe('every example becomes a fixture that checks clean', () => {
  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort();

  it.each(files)('%s', (file) => {
    const doc = example(file);
    const fixed = fixture(doc);
    expect(countExpected(fixed.expected)).toBeGreaterThan(0);
    expect(checkExpected(analyze(fixed, { shapesOnly: !needsValues(fixed.expected) }))).toEqual([]);
  });

  it.each(files)('%s: fails with the differences once the numbers or the graph change', (file) => {
    const fixed = fixture(example(file));
    const check = (doc: GraphDocument) => checkExpected(analyze(doc, { shapesOnly: !needsValues(doc.expected) }));
    if (needsValues(fixed.expected)) {
      // New numbers: every element of the first input one larger (an initialized one filled with 1.5s).
      const at = fixed.nodes.findIndex((n) => n.op === 'input');
      const plusOne = (v: NodeValue): NodeValue =>
        typeof v === 'number'
          ? v + 1
          : 'data' in v
            ? { ...v, data: v.data.map((x) => x + 1) }
            : { shape: v.shape, init: 'constant', scale: 1.5 };
      const moved = { ...fixed, nodes: fixed.nodes.map((n, i) => (i === at ? { ...n, value: plusOne(n.value as NodeValue) } : n)) };
      const diff = check(moved);
      expect(diff.length).toBeGreaterThan(0);
      expect(diff.map((m) => m.path)).toContain(`nodes.${fixed.nodes[at].id}.value`);
    }
    // A changed graph: the last edge removed (an input left unconnected, or a layer owning its weight).
    const cut = { ...fixed, edges: fixed.edges.slice(0, -1) };
    const target = fixed.edges.at(-1)?.target as string;
    expect(check(cut).map((m) => m.path)).toContainEqual(expect.stringMatching(new RegExp(`^nodes\\.${target}(\\.|$)`)));
  });

  it('recomputes the training step, the totals and the counts the example asks for, to the exam answers', () => {
    // P3 (the exam's answers): one step at lr 1, averaged over 3 points, takes L from 33/2 to 23.61.
    const p3 = example('p3-linear-mse-update.json');
    const step = fresh(p3).step;
    expect(step?.lossBefore).toBe(16.5);
    expect(step?.lossAfter).toBeCloseTo(23.611111111111107, 12);
    expect(step?.params).toEqual({ A: [[expect.closeTo(11 / 3, 12), expect.closeTo(2 / 3, 12)]] });
    expect([step?.lr, step?.mean, step?.batch]).toEqual([1, true, 3]);
    // LeNet-5's 61,706 parameters, layer by layer as the exam counts them.
    const lenet = fresh(example('p8-lenet-params.json'));
    expect(lenet.totals).toEqual({ params: 61706 });
    expect(lenet.nodes?.conv5).toMatchObject({ shape: [120, 1, 1], params: 48120 });
    expect(lenet.nodes?.fc6).toMatchObject({ shape: [84], params: 10164 });
  });

  it("keeps the example's own tolerance and per-node tolerances, and drops its exact forms", () => {
    const exp = fresh(example('p1-backprop.json'));
    expect(exp.tol).toBe(1e-9);
    expect(Object.values(exp.nodes ?? {}).some((e) => e.exact)).toBe(false);
    expect(fresh(example('p4-conv-by-hand.json')).tol).toBe(1e-12);
  });

  it('states only shapes for a graph too large to evaluate (VGG: 5.9 G multiply-adds), and checks it without evaluating', () => {
    const res = makeExpected(example('p9-vgg-shapes.json'));
    expect(res.ok && res.shapesOnly).toBe(true);
    const exp = res.ok ? res.expected : {};
    expect(exp.output).toBeUndefined();
    expect(exp.gradients).toBeUndefined();
    expect(exp.nodes?.pool4).toEqual({ shape: [512, 20, 20] });
    expect(exp.nodes?.conv1).toEqual({ shape: [64, 320, 320], params: 1792 });
    expect(needsValues(exp)).toBe(false);
  });

  it('states shape only for a layer too large to hold, values for the rest', () => {
    const exp = fresh(example('p8-param-counts.json'));
    const nodes = Object.values(exp.nodes ?? {});
    expect(nodes.some((e) => e.value !== undefined)).toBe(true);
    expect(nodes.every((e) => e.shape !== undefined)).toBe(true);
    const big = analyze(example('p8-param-counts.json')).invalid.map((r) => r.id);
    expect(big.length).toBeGreaterThan(0);
    for (const id of big) expect(exp.nodes?.[id]?.value).toBeUndefined();
  });
});

describe('no fixture of a graph without answers', () => {
  it('names the node where an error starts, not the nodes waiting on it', () => {
    const doc = formulaToDocument('log(x) * y + y', { values: { x: -3, y: 2 } });
    const res = makeExpected(doc);
    expect(res.ok).toBe(false);
    const log = doc.nodes.find((n) => n.op === 'log')?.id;
    expect(res.ok ? [] : res.problems).toEqual([
      {
        code: 'node',
        id: log,
        label: 'f3',
        error: 'log of a non-positive number: -3',
        problem: { code: 'domain', node: log, op: 'log', detail: 'log of a non-positive number: -3' },
      },
    ]);
    // What the engine could compute is kept, for a check against the engine: the inputs, not log(x) or what it feeds.
    const partial = res.ok ? {} : (res.partial.nodes ?? {});
    expect(partial.x).toEqual({ value: -3, shape: [] });
    expect(partial[log as string]).toEqual({ shape: [] });
    expect(res.ok ? 0 : res.partial.output).toBeUndefined();
  });

  it('refuses an empty graph', () => {
    const empty = graph([], []);
    expect(makeExpected(empty)).toEqual({ ok: false, problems: [{ code: 'empty' }], partial: {} });
  });

  it('refuses a step that can no longer be taken', () => {
    const doc = graph([inp('w', 2), ['sq', 'square']], [['w', 'sq', 'u']]);
    const an = analyze(doc);
    expect(expectedOf(an, { shapesOnly: false, previous: { step: { lr: 1, lossBefore: 4 } } })).toMatchObject({
      ok: false,
      problems: [{ code: 'step', error: 'no trainable inputs: mark the parameters to update as trainable' }],
    });
  });
});

describe('countExpected: what a check compares', () => {
  it('is zero for no block, an empty one, a tolerance alone or nodes without answers', () => {
    expect(countExpected(undefined)).toBe(0);
    expect(countExpected({})).toBe(0);
    expect(countExpected({ tol: 1e-9, nodes: { a: { tol: 1e-3 } }, gradients: {} })).toBe(0);
    expect(countExpected({ step: { lr: 1 } })).toBe(0);
  });

  it('counts each stated answer', () => {
    // P1: the output, 7 values, 7 gradients, 14 exact forms (value and gradient) and 3 gradients by name.
    expect(countExpected(example('p1-backprop.json').expected)).toBe(1 + 7 + 7 + 14 + 3);
    expect(countExpected({ totals: { params: 3 } })).toBe(1);
  });
});
