import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { forwardMode } from './forward';
import { maxRelDiff, numericalGradient } from './gradcheck';
import type { FunctionDef, GraphDocument } from './schema';
import { asTensor, type Value } from '../tensor/tensor';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
/** d/du u·σ(u) = σ(u) + u σ(u)(1 − σ(u)). */
const dSwish = (u: number) => sigmoid(u) + u * sigmoid(u) * (1 - sigmoid(u));
const SWISH: FunctionDef = { name: 'swish', args: ['u'], body: 'u * sigmoid(u)' };
const NEURON: FunctionDef = { name: 'neuron', args: ['w', 'x', 'b'], body: 'swish(w * x + b)' };
const vec = (data: number[]) => ({ shape: [data.length], data });
const data = (v: Value | undefined) => Array.from(asTensor(v as Value).data);

/** sum(neuron(w, x, b) · y): a call of a call over tensors, then a tensor op after it. */
function neuronDoc(w: number[], x: number[], b: number, y: number): GraphDocument {
  return {
    ...graph(
      [
        inp('w', vec(w)),
        inp('x', vec(x)),
        inp('b', b),
        inp('y', y),
        ['n', 'call', { params: { fn: 'neuron' } }],
        ['m', 'mul'],
        ['s', 'sum'],
      ],
      [
        ['w', 'n', 'w'],
        ['x', 'n', 'x'],
        ['b', 'n', 'b'],
        ['n', 'm', 'a'],
        ['y', 'm', 'b'],
        ['m', 's', 'x'],
      ],
    ),
    functions: [SWISH, NEURON],
  };
}

const W = [0.4, -1.2, 2];
const X = [1.5, 0.3, -0.7];
const B = -0.25;
const Y = 1.75;

describe('forward mode through a call whose arguments are tensors (a JVP through the body)', () => {
  it('swish(x) · 3 with x ∈ R^3: one element as the target gives 3 · swish′(x_e) there and 0 elsewhere (closed form)', () => {
    const xs = [-1, 0.5, 2];
    const doc: GraphDocument = {
      ...graph(
        [inp('x', vec(xs)), ['c', 'call', { params: { fn: 'swish' } }], ['m', 'scale', { params: { c: 3 } }]],
        [
          ['x', 'c', 'u'],
          ['c', 'm', 'u'],
        ],
      ),
      functions: [SWISH],
    };
    const plan = compile(doc);
    const ev = evaluate(plan);
    for (let e = 0; e < 3; e++) {
      const fm = forwardMode(ev, { node: 0, element: e });
      expect(fm.problem(1)).toBeNull();
      const want = xs.map((u, i) => (i === e ? 3 * dSwish(u) : 0));
      data(fm.output).forEach((t, i) => expect(t).toBeCloseTo(want[i], 13));
    }
  });

  it('every input of sum(neuron(w, x, b) · y) (calls nested, tensors and scalars mixed): tangent = reverse gradient = central differences', () => {
    const plan = compile(neuronDoc(W, X, B, Y));
    const ev = evaluate(plan);
    expect(ev.output).toBeCloseTo(Y * W.reduce((s, w, i) => s + (w * X[i] + B) * sigmoid(w * X[i] + B), 0), 12);
    const at = (doc: GraphDocument) => evaluate(compile(doc)).output as number;
    const numeric = {
      w: numericalGradient((v) => at(neuronDoc([...v], X, B, Y)), Float64Array.from(W)),
      x: numericalGradient((v) => at(neuronDoc(W, [...v], B, Y)), Float64Array.from(X)),
      b: numericalGradient((v) => at(neuronDoc(W, X, v[0], Y)), Float64Array.of(B)),
      y: numericalGradient((v) => at(neuronDoc(W, X, B, v[0])), Float64Array.of(Y)),
    };
    for (const [id, num] of Object.entries(numeric)) {
      const k = plan.index.get(id) as number;
      const grad = data(ev.grad(k));
      const tangents = grad.map((_g, e) => {
        const fm = forwardMode(ev, { node: k, element: grad.length > 1 ? e : undefined });
        expect(fm.problem(plan.index.get('n') as number), id).toBeNull();
        return fm.output as number;
      });
      expect(maxRelDiff(tangents, grad), id).toBeLessThan(1e-12);
      expect(maxRelDiff(tangents, num), id).toBeLessThan(1e-7);
    }
    // d/db by hand: y · Σ swish′(w_i x_i + b).
    const k = plan.index.get('b') as number;
    expect(forwardMode(ev, { node: k }).output).toBeCloseTo(Y * W.reduce((s, w, i) => s + dSwish(w * X[i] + B), 0), 12);
  });

  it('the whole of w as the direction: the call’s tangent is swish′(w_i x_i + b) · x_i per element', () => {
    const plan = compile(neuronDoc(W, X, B, Y));
    const fm = forwardMode(evaluate(plan), { node: plan.index.get('w') as number });
    const call = data(fm.tangent(plan.index.get('n') as number));
    call.forEach((t, i) => expect(t).toBeCloseTo(dSwish(W[i] * X[i] + B) * X[i], 13));
  });

  it('lg(u) = log(u) · 2 at x = [1, 2]: ḟ = 2 / x_i (a closed form)', () => {
    const lg: FunctionDef = { name: 'lg', args: ['u'], body: 'log(u) * 2' };
    const doc: GraphDocument = {
      ...graph([inp('x', vec([1, 2])), ['c', 'call', { params: { fn: 'lg' } }]], [['x', 'c', 'u']]),
      functions: [lg],
    };
    const plan = compile(doc);
    const fm = forwardMode(evaluate(plan), { node: 0 });
    data(fm.output).forEach((t, i) => expect(t).toBeCloseTo(2 / (i + 1), 14));
  });
});
