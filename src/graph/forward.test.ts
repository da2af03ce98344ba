import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graph, inp, xSquaredPlusX } from '../../tests/doc-builder';
import { OPS } from '../ops/registry';
import { randomTensor } from '../ops/tensor/testkit';
import type { TensorOp } from '../ops/types';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { forwardMode, resolveTarget } from './forward';
import { formulaToDocument } from './formula-to-graph';
import { GUARDED_VARIABLES, guardedExpr, guardedPoint, tame } from './formula-testkit';
import { printExpr } from './formula';
import { maxRelDiff } from './gradcheck';
import { parseDocument } from './load';
import type { GraphDocument } from './schema';
import { asTensor, sizeOf, type Tensor, type Value } from '../tensor/tensor';

const LN2 = Math.log(2);
const EXAMPLES = new URL('../../public/examples/', import.meta.url);

function loadExample(name: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(name, EXAMPLES), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

const tangentsOf = (doc: GraphDocument, id: string, element?: number) => {
  const plan = compile(doc);
  const ev = evaluate(plan);
  return { plan, ev, fm: forwardMode(ev, { node: plan.index.get(id) as number, element }) };
};

const total = (v: Value): number => asTensor(v).data.reduce((a, b) => a + b, 0);

describe('forward mode on P1: f = z · 2^(x − y) at x = 2, y = 1, z = −3', () => {
  it('with x as the target, ḟ1..ḟ7 = 1, 0, 0, 0, 1, 2 ln 2, −6 ln 2 (closed forms)', () => {
    const { fm } = tangentsOf(loadExample('p1-backprop.json'), 'x');
    const want = [1, 0, 0, 0, 1, 2 * LN2, -6 * LN2];
    want.forEach((w, k) => expect(fm.tangent(k) as number).toBeCloseTo(w, 14));
    expect(fm.output as number).toBeCloseTo(-6 * LN2, 14);
  });
  it('only the nodes downstream of y depend on it: f2, f4, f5, f6, f7', () => {
    const { fm } = tangentsOf(loadExample('p1-backprop.json'), 'y');
    expect([0, 1, 2, 3, 4, 5, 6].filter((k) => fm.depends(k))).toEqual([1, 3, 4, 5, 6]);
    expect(fm.local(3, 0)).toBe(-1);
    expect(fm.output as number).toBeCloseTo(6 * LN2, 14);
  });
  it('an inner node as the target: ḟ7 = ∂f7/∂f5 = b5 = −6 ln 2, and nodes upstream of f5 stay 0', () => {
    const { plan, ev, fm } = tangentsOf(loadExample('p1-backprop.json'), 'add');
    expect(fm.output as number).toBeCloseTo(ev.grad(plan.index.get('add') as number) as number, 14);
    expect([0, 1, 2, 3].map((k) => fm.tangent(k))).toEqual([0, 0, 0, 0]);
  });
});

describe('fan-out: f = x·x + x at x = 3', () => {
  it('ḟ = 2x + 1 = 7, summed over all three uses of x', () => {
    expect(tangentsOf(xSquaredPlusX(), 'x').fm.output).toBe(7);
  });
});

describe('the output tangent equals the reverse-mode gradient', () => {
  it('for every scalar input of every example, and for elements of tensor inputs where a JVP is affordable', () => {
    let scalars = 0;
    let elements = 0;
    for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
      const plan = compile(loadExample(name));
      // The shape-only exams (a whole VGG) take half a minute to evaluate and have no answer to compare.
      if (plan.shapes.reduce((acc, s) => acc + (s ? sizeOf(s) : 0), 0) > 1e6) continue;
      const ev = evaluate(plan);
      if (ev.output === undefined) continue;
      for (let k = 0; k < plan.n; k++) {
        if (plan.ops[k].type !== 'input' || !plan.reaches[k]) continue;
        const g = ev.grad(k) as Value;
        if (typeof g === 'number') {
          expect(total(forwardMode(ev, { node: k }).output as Value), `${name} ${plan.ids[k]}`).toBeCloseTo(g, 10);
          scalars++;
          continue;
        }
        for (const e of [0, g.data.length - 1]) {
          const fm = forwardMode(ev, { node: k, element: e });
          if (fm.output === undefined) {
            expect(fm.problem(plan.output)?.code ?? 'upstream').toMatch(/no-tangent|upstream/);
            continue;
          }
          expect(Math.abs(total(fm.output) - g.data[e]), `${name} ${plan.ids[k]}[${e}]`).toBeLessThan(
            1e-9 * Math.max(1, Math.abs(g.data[e])),
          );
          elements++;
        }
      }
    }
    // P1's three, P2's two, and the function examples' (calls included): every one compared above.
    expect(scalars).toBeGreaterThanOrEqual(24);
    expect(elements).toBeGreaterThanOrEqual(20);
  });

  it('for every input of 300 random formulas (the generator of the reverse-mode property test)', () => {
    fc.assert(
      fc.property(guardedExpr, guardedPoint, (expr, at) => {
        fc.pre(tame(expr, at, 1e3));
        const plan = compile(formulaToDocument(printExpr(expr), { values: at }));
        const ev = evaluate(plan);
        fc.pre(ev.output !== undefined);
        for (const name of GUARDED_VARIABLES) {
          const k = plan.index.get(name);
          const g = k === undefined ? undefined : ev.grad(k);
          if (k === undefined || g === undefined) continue;
          const t = forwardMode(ev, { node: k }).output as number;
          expect(Math.abs(t - (g as number)), `${printExpr(expr)} d/d${name}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(g as number)),
          );
        }
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });
});

describe('tensor graphs', () => {
  it('broadcasting elementwise ops: y = sum(W ⊙ x + b) with x a row; ḟ along x[1] is Σ_rows W[:,1] (closed form)', () => {
    const W = { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] };
    const doc = graph(
      [inp('W', W), inp('x', { shape: [3], data: [0.5, -1, 2] }), inp('b', 0.25), ['m', 'mul'], ['a', 'add'], ['s', 'sum']],
      [
        ['W', 'm', 'a'],
        ['x', 'm', 'b'],
        ['m', 'a', 'a'],
        ['b', 'a', 'b'],
        ['a', 's', 'x'],
      ],
    );
    const { fm } = tangentsOf(doc, 'x', 1);
    expect(Array.from(asTensor(fm.tangent(3) as Value).data)).toEqual([0, 2, 0, 0, 5, 0]);
    expect(fm.output).toBe(7);
    expect(tangentsOf(doc, 'b').fm.output).toBe(6);
  });

  it('without an element, a tensor target moves all at once: the output tangent is the sum of its gradient', () => {
    const doc = loadExample('p11-normalisation.json');
    const { plan, ev, fm } = tangentsOf(doc, 'A');
    expect(total(fm.output as Value)).toBeCloseTo(total(ev.grad(plan.index.get('A') as number) as Value), 10);
  });

  it('a too-large op without a JVP rule is a problem of forward mode only; reverse mode still has the gradient', () => {
    const doc = graph(
      [
        inp('x', { shape: [1, 64, 64], init: 'normal', seed: 1, scale: 1 }),
        ['c', 'convTranspose2d', { params: { outChannels: 8, kernel: 3 } }],
        ['s', 'sum'],
      ],
      [
        ['x', 'c', 'x'],
        ['c', 's', 'x'],
      ],
    );
    const { plan, ev, fm } = tangentsOf(doc, 'x', 0);
    expect(fm.problem(plan.index.get('c') as number)).toMatchObject({ code: 'no-tangent', op: 'convTranspose2d', elements: 8 * 66 * 66 });
    expect(fm.problem(plan.output)).toMatchObject({ code: 'upstream', source: 'c' });
    expect(ev.grad(0)).toBeDefined();
  });
});

/** Cases for every op with a JVP rule: its inputs, chosen to be valid for its default parameters. */
const JVP_CASES: Record<string, { ins: Record<string, number[]>; params?: Record<string, number | boolean | string | number[]> }> = {
  flatten: { ins: { x: [2, 3, 2] } },
  reshape: { ins: { x: [2, 3] }, params: { shape: [3, -1] } },
  transpose: { ins: { x: [2, 3] } },
  sum: { ins: { x: [2, 3] }, params: { all: false, axis: 0 } },
  mean: { ins: { x: [2, 3] } },
  avgPool2d: { ins: { x: [1, 4, 4] } },
  adaptiveAvgPool2d: { ins: { x: [1, 5, 5] }, params: { outputSize: [2, 3] } },
  globalAvgPool2d: { ins: { x: [2, 3, 3] } },
  matmul: { ins: { a: [2, 3], b: [3, 4] } },
  conv2d: { ins: { x: [2, 5, 5], weight: [3, 2, 3, 3], bias: [3] }, params: { inChannels: 2, outChannels: 3, stride: 2, padding: 1 } },
  maxPool2d: { ins: { x: [2, 5, 5] }, params: { kernel: 3, stride: 2, padding: 1 } },
  adaptiveMaxPool2d: { ins: { x: [2, 5, 5] }, params: { outputSize: [2, 3] } },
  upsample: { ins: { x: [1, 2, 3, 4] }, params: { mode: 'bilinear', scaleFactor: 1.5 } },
  dropout: { ins: { x: [3, 4] }, params: { p: 0.3, training: true } },
};

describe('every JVP rule against central differences of the op itself', () => {
  const withJvp = OPS.filter((op): op is TensorOp => op.kind === 'tensor' && op.jvp !== undefined);
  it('covers exactly the ops that have one', () => {
    expect(withJvp.map((op) => op.type).sort()).toEqual(Object.keys(JVP_CASES).sort());
  });
  for (const op of withJvp) {
    it(op.type, () => {
      const spec = JVP_CASES[op.type];
      const params = { ...Object.fromEntries(op.params.map((p) => [p.name, p.default])), ...spec.params };
      const ins = Object.fromEntries(Object.entries(spec.ins).map(([port, s], i) => [port, randomTensor(s, 10 + i)]));
      const dots = Object.fromEntries(Object.entries(spec.ins).map(([port, s], i) => [port, randomTensor(s, 20 + i)]));
      const out = op.forward(ins, params);
      const h = 1e-6;
      const shifted = (sign: number): Tensor =>
        op.forward(
          Object.fromEntries(
            Object.entries(ins).map(([port, t]) => [
              port,
              { shape: t.shape, data: t.data.map((v, i) => v + sign * h * dots[port].data[i]) },
            ]),
          ),
          params,
        );
      const [up, down] = [shifted(1), shifted(-1)];
      const central = up.data.map((v, i) => (v - down.data[i]) / (2 * h));
      const jvp = op.jvp?.(ins, out, dots, params) as Tensor;
      expect(jvp.shape).toEqual(out.shape);
      expect(maxRelDiff(jvp.data, central)).toBeLessThan(1e-7);
    });
  }
});

describe('resolveTarget: what a user may write for x', () => {
  const plan = compile(
    graph(
      [inp('a', 1, { name: 'x' }), inp('x', { shape: [3], data: [1, 2, 3] }, { name: 'v' }), ['m', 'mul', { label: 'h' }]],
      [
        ['a', 'm', 'a'],
        ['x', 'm', 'b'],
      ],
    ),
  );
  it('an input name wins over an id; then ids, then labels such as f3 or a custom one', () => {
    expect(resolveTarget(plan, 'x')).toEqual({ target: { node: 0 } });
    expect(resolveTarget(plan, 'v')).toEqual({ target: { node: 1 } });
    expect(resolveTarget(plan, 'm')).toEqual({ target: { node: 2 } });
    expect(resolveTarget(plan, 'h')).toEqual({ target: { node: 2 } });
    expect(resolveTarget(plan, ' f1 ')).toEqual({ target: { node: 0 } });
  });
  it('an element in brackets, inside the tensor; a name nobody has, with the inputs to choose from', () => {
    expect(resolveTarget(plan, 'v[2]')).toEqual({ target: { node: 1, element: 2 } });
    expect(resolveTarget(plan, 'v[3]')).toEqual({ problem: { code: 'target-element', name: 'v', element: 3, size: 3 } });
    expect(resolveTarget(plan, 'w')).toEqual({ problem: { code: 'unknown-target', name: 'w', inputs: ['x', 'v'] } });
  });
});
