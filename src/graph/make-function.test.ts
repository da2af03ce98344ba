import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { formulaToDocument } from './formula-to-graph';
import { maxRelDiff } from './gradcheck';
import { validateDocument } from './load';
import { makeFunction, makeFunctionText, type MakeFunctionResult } from './make-function';
import type { GraphDocument } from './schema';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const AT = { b: -0.3, w: 1.7, x: 0.9, y: -2.2 };
/** Ids as the formula builds them: b w x y, mul1 add1 sigmoid1 mul2 (the neuron times y), sigmoid2 mul3 (swish of x), add2. */
const DOC = formulaToDocument('sigmoid(w*x + b) * y + x * sigmoid(x)', { values: AT });
const CLOSED = sigmoid(AT.w * AT.x + AT.b) * AT.y + AT.x * sigmoid(AT.x);

/** Output value and every input's gradient. */
function answers(doc: GraphDocument) {
  const plan = compile(doc);
  const ev = evaluate(plan);
  return { out: ev.output, grads: ['b', 'w', 'x', 'y'].map((id) => ev.grad(plan.index.get(id) as number)) };
}

const made = (r: MakeFunctionResult) => {
  if (!r.ok) throw new Error(makeFunctionText(r.problem, (id) => id));
  return r;
};

describe('Make function from a selection', () => {
  it('a neuron: free inputs become arguments in numbering order; the output and every gradient are bit-for-bit unchanged', () => {
    const r = made(makeFunction(DOC, ['mul1', 'add1', 'sigmoid1', 'b'], 'neuron'));
    expect(r.def).toEqual({ name: 'neuron', args: ['b', 'w', 'x'], body: 'sigmoid(w * x + b)' });
    const before = answers(DOC);
    expect(before.out).toBeCloseTo(CLOSED, 14);
    // The value is the same bits; a gradient through the call multiplies the same factors in another order.
    const after = answers(r.doc);
    expect(after.out).toBe(before.out);
    after.grads.forEach((g, i) => expect(maxRelDiff([g as number], [before.grads[i] as number])).toBeLessThan(1e-15));
    // One call node in the group's place, wired to the same sources and consumer; the document is valid.
    expect(r.doc.nodes.map((n) => n.id)).toEqual(['b', 'w', 'x', 'y', 'mul2', 'sigmoid2', 'mul3', 'add2', r.call]);
    expect(r.doc.edges.filter((e) => e.target === r.call || e.source === r.call)).toEqual([
      { source: 'b', target: r.call, port: 'b' },
      { source: 'w', target: r.call, port: 'w' },
      { source: 'x', target: r.call, port: 'x' },
      { source: r.call, target: 'mul2', port: 'a' },
    ]);
    expect(validateDocument(JSON.parse(JSON.stringify(r.doc))).ok).toBe(true);
  });

  it('swish out of x · sigmoid(x), then a second function calling the first: values still unchanged', () => {
    const r = made(makeFunction(DOC, ['sigmoid2', 'mul3'], 'swish'));
    expect(r.def).toEqual({ name: 'swish', args: ['x'], body: 'x * sigmoid(x)' });
    const r2 = made(makeFunction(r.doc, [r.call, 'add2'], 'tail'));
    // An argument from an operation is named after its label, f9 (the node f9 = sigmoid(w·x + b) · y).
    expect(r2.def).toEqual({ name: 'tail', args: ['x', 'f9'], body: 'f9 + swish(x)' });
    expect(answers(r2.doc).out).toBe(answers(DOC).out);
  });

  it('the document output moves to the call when the group held it', () => {
    const r = made(makeFunction({ ...DOC, output: 'add2' }, ['mul2', 'mul3', 'add2'], 'combine'));
    expect(r.doc.output).toBe(r.call);
    expect(answers(r.doc).out).toBe(answers(DOC).out);
  });

  it('refuses, saying why: several outputs, not connected, a clashing name, an unconnected port, nothing to make', () => {
    const why = (doc: GraphDocument, ids: string[], name: string) => {
      const r = makeFunction(doc, ids, name);
      return r.ok ? 'made' : makeFunctionText(r.problem, (id) => id);
    };
    expect(why(DOC, ['mul1', 'add1'], 'h')).toBe('made');
    expect(why(DOC, ['sigmoid1', 'mul2', 'sigmoid2'], 'h')).toBe(
      'the selection is not connected ({sigmoid2} and {sigmoid1, mul2}): a function is one connected group',
    );
    expect(why(DOC, ['sigmoid2', 'mul3', 'mul1'], 'h')).toMatch(/^the selection is not connected/);
    expect(why({ ...DOC, output: 'add2' }, ['add1', 'sigmoid1', 'mul2', 'mul1'], 'h')).toBe('made');
    expect(why(DOC, ['sigmoid2', 'mul3', 'add2', 'mul2'], 'h')).toBe('made');
    // o = s · x + s with s = sigmoid(x): both s and s · x are read outside {s, m}.
    const fanOut = graph(
      [inp('x', 1), ['s', 'sigmoid'], ['m', 'mul'], ['o', 'add']],
      [
        ['x', 's', 'u'],
        ['s', 'm', 'a'],
        ['x', 'm', 'b'],
        ['m', 'o', 'a'],
        ['s', 'o', 'b'],
      ],
    );
    expect(why(fanOut, ['s', 'm'], 'h')).toBe('the selection has 2 outputs (s, m), read outside it; a function returns one value');
    expect(why(fanOut, ['s', 'm', 'o'], 'h')).toBe('made');
    expect(why(DOC, ['mul1'], 'sigmoid')).toBe('"sigmoid" is a built-in function; choose another name');
    expect(why(DOC, ['mul1'], 'mul')).toBe('"mul" is the name of a built-in op; choose another name');
    expect(why(DOC, ['mul1'], '2x')).toBe('"2x" is not a name: letters, digits and _, not starting with a digit');
    const r = made(makeFunction(DOC, ['mul1'], 'times'));
    expect(why(r.doc, ['mul3'], 'times')).toBe('"times" is already a function of this document; choose another name');
    expect(why(DOC, ['x', 'y'], 'h')).toMatch(/^select the operations/);
    const open = { ...DOC, edges: DOC.edges.filter((e) => !(e.target === 'add1' && e.port === 'b')) };
    expect(why(open, ['add1', 'sigmoid1'], 'h')).toBe('input b of add1 is not connected');
  });

  it('refuses a tensor op (it has no formula)', () => {
    const doc: GraphDocument = {
      format: 'backprop-studio.graph',
      version: 2,
      nodes: [
        { id: 'x', op: 'input', position: { x: 0, y: 0 }, value: { shape: [2], data: [1, 2] } },
        { id: 'e', op: 'exp', position: { x: 100, y: 0 } },
        { id: 's', op: 'sum', position: { x: 200, y: 0 } },
      ],
      edges: [
        { source: 'x', target: 'e', port: 'u' },
        { source: 'e', target: 's', port: 'x' },
      ],
    };
    const r = makeFunction(doc, ['e', 's'], 'h');
    expect(r.ok ? 'made' : makeFunctionText(r.problem, (id) => id)).toBe(
      "s (Sum) cannot be written in a formula, so it cannot be in a function's body",
    );
  });
});
