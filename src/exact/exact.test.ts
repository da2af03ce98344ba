import { readFileSync, readdirSync } from 'node:fs';
import katex from 'katex';
import * as math from 'mathjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { defaultParams, OPS } from '../ops/registry';
import type { ElementwiseOp } from '../ops/types';
import { compile, type Plan } from '../graph/compile';
import { evaluate, type Evaluation } from '../graph/evaluate';
import { parseDocument } from '../graph/load';
import type { GraphDocument, GraphNode } from '../graph/schema';
import { loadExact, type ExactEngine, type ExactForm } from './index';

const LN2 = Math.log(2);

let exact: ExactEngine;
beforeAll(async () => {
  exact = await loadExact();
});

function loadExample(name: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(`../../public/examples/${name}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

function run(doc: GraphDocument) {
  const plan = compile(doc);
  const ev = evaluate(plan);
  return { plan, ev, ex: exact.exactValues(plan, ev) };
}

const texts = (forms: readonly (ExactForm | null)[]) => forms.map((f) => f?.text ?? null);

/** Relative within tol, absolute near zero. */
const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Every exact form agrees with the float engine, its CAS string evaluates (in mathjs) to the
 * same number, and KaTeX renders its LaTeX. Returns how many forms there were, and how many of them were not rational.
 */
function expectAgreement(plan: Plan, ev: Evaluation): { forms: number; irrational: number; slots: number } {
  const ex = exact.exactValues(plan, ev);
  let forms = 0;
  let irrational = 0;
  let slots = 0;
  const check = (form: ExactForm | null, x: number | undefined, what: string) => {
    if (typeof x !== 'number') return;
    slots++;
    if (!form) return;
    forms++;
    if (!/^-?\d+(\/\d+)?$/.test(form.text)) irrational++;
    expect(close(form.decimal, x), `${what} = ${form.text} = ${form.decimal}, engine ${x}`).toBe(true);
    expect(close(Number(math.evaluate(form.cas)), form.decimal), `${what}: ${form.cas}`).toBe(true);
    expect(() => katex.renderToString(form.latex, { throwOnError: true }), form.latex).not.toThrow();
  };
  for (let k = 0; k < plan.n; k++) {
    check(ex.value[k], ev.value(k) as number | undefined, `f${k + 1}`);
    check(ex.grad[k], ev.grad(k) as number | undefined, `b${k + 1}`);
    ex.local[k].forEach((l, j) => check(l, ev.local(k, j) as number | undefined, `∂f${k + 1}/∂port${j}`));
  }
  return { forms, irrational, slots };
}

describe('P1: f = z · 2^(x − y) at x = 2, y = 1, z = −3 in exact form (seed exam 000)', () => {
  const doc = loadExample('p1-backprop.json');
  it('f1..f7 = 2, 1, −3, −1, 1, 2, −6', () => {
    expect(texts(run(doc).ex.value)).toEqual(['2', '1', '-3', '-1', '1', '2', '-6']);
  });
  it('b1..b7 = −6 ln 2, 6 ln 2, 2, −6 ln 2, −6 ln 2, −3, 1', () => {
    const { ex } = run(doc);
    expect(texts(ex.grad)).toEqual(['-6 ln 2', '6 ln 2', '2', '-6 ln 2', '-6 ln 2', '-3', '1']);
    expect(ex.grad[0]).toEqual({ text: '-6 ln 2', latex: '-6 \\ln 2', cas: '-6*log(2)', decimal: -6 * LN2 });
  });
  it('matches the answer key written in the document ("-6 ln2"), up to spacing', () => {
    const { plan, ex } = run(doc);
    const key = doc.expected?.nodes ?? {};
    plan.ids.forEach((id, k) => {
      expect(ex.value[k]?.text.replace(/ /g, '')).toBe(key[id].exact?.value?.replace(/ /g, ''));
      expect(ex.grad[k]?.text.replace(/ /g, '')).toBe(key[id].exact?.grad?.replace(/ /g, ''));
    });
  });
  it('the local derivative of 2^u at u = 1 is 2 ln 2', () => {
    expect(run(doc).ex.local[5][0]?.text).toBe('2 ln 2');
  });
  it('every exact form agrees with the float engine', () => {
    expect(expectAgreement(compile(doc), evaluate(compile(doc))).forms).toBe(7 + 7 + 6);
  });
});

describe('analytic gradients of P1', () => {
  const plan = compile(loadExample('p1-backprop.json'));
  it('read like the answer key: ln 2 · z · 2^(x − y), −ln 2 · z · 2^(x − y), 2^(x − y)', () => {
    const g = exact.analyticGradients(plan);
    expect(Object.fromEntries(Object.entries(g).map(([k, f]) => [k, f?.text]))).toEqual({
      x: 'ln 2 · z · 2^(x - y)',
      y: '-ln 2 · z · 2^(x - y)',
      z: '2^(x - y)',
    });
    expect(g.x?.latex).toBe('\\ln 2 \\cdot z \\cdot 2^{x - y}');
    expect(g.x?.decimal).toBeCloseTo(-6 * LN2, 14);
  });
  it("equal the engine's numeric gradients and the exam's formulas at random points", () => {
    const g = exact.analyticGradients(plan);
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
    for (let i = 0; i < 20; i++) {
      const [x, y, z] = [rand(), rand(), rand()];
      const ev = evaluate(plan, {
        overrides: new Map([
          [0, x],
          [1, y],
          [2, z],
        ]),
      });
      const at = (name: 'x' | 'y' | 'z') => Number(math.evaluate(g[name]?.cas ?? 'NaN', { x, y, z }));
      expect(close(at('x'), ev.grad(0) as number)).toBe(true);
      expect(close(at('y'), ev.grad(1) as number)).toBe(true);
      expect(close(at('z'), ev.grad(2) as number)).toBe(true);
      expect(close(at('x'), LN2 * z * 2 ** (x - y))).toBe(true);
      expect(close(at('y'), -LN2 * z * 2 ** (x - y))).toBe(true);
    }
  });
  it('give none where the output goes through a piecewise op', () => {
    const doc = graph(
      [inp('x', 2), inp('y', 3), ['r', 'relu'], ['m', 'mul']],
      [
        ['x', 'r', 'u'],
        ['r', 'm', 'a'],
        ['y', 'm', 'b'],
      ],
    );
    expect(exact.analyticGradients(compile(doc))).toEqual({ x: null, y: null });
  });
  it('use the input names and give 0 for an input the output does not read', () => {
    const doc = graph(
      [inp('x', 2), inp('w', 5, { name: 'rate' }), ['s', 'sigmoid'], ['o', 'exp']],
      [
        ['x', 's', 'u'],
        ['w', 'o', 'u'],
      ],
      's',
    );
    const g = exact.analyticGradients(compile(doc));
    expect(g.x?.text).toBe('e^(-x)/(e^(-x) + 1)^2');
    expect(g.rate?.text).toBe('0');
  });
});

describe('single ops', () => {
  const unary = (op: string, x: number, params?: GraphNode['params']) =>
    run(graph([inp('x', x), ['f', op, params ? { params } : {}]], [['x', 'f', 'u']])).ex;
  it('sigmoid(0) = 1/2 and its slope there is 1/4', () => {
    const ex = unary('sigmoid', 0);
    expect(ex.value[1]).toEqual({ text: '1/2', latex: '\\frac{1}{2}', cas: '1/2', decimal: 0.5 });
    expect(ex.local[1][0]?.text).toBe('1/4');
  });
  it('keeps irrational values exact: ln 8, -ln 2 for ln(1/2), e^(-1), √2, 1/(1 + e^(-1))', () => {
    expect(unary('log', 8).value[1]?.text).toBe('ln 8');
    expect(unary('log', 0.5).value[1]?.text).toBe('-ln 2');
    expect(unary('exp', -1).value[1]?.text).toBe('e^(-1)');
    expect(unary('sqrt', 2).value[1]?.text).toBe('√2');
    expect(unary('sqrt', 2.25).value[1]?.text).toBe('3/2');
    expect(unary('sigmoid', 1).value[1]?.text).toBe('1/(1 + e^(-1))');
  });
  it("takes piecewise ops piece by piece, with the engine's conventions at ties", () => {
    expect(texts(unary('relu', -2).local[1])).toEqual(['0']);
    expect(texts(unary('relu', 0).local[1])).toEqual(['0']);
    expect(texts(unary('leakyRelu', -2, { c: 0.01 }).value)).toEqual(['-2', '-1/50']);
    expect(texts(unary('abs', -2 / 3).value)).toEqual(['-2/3', '2/3']);
    const tie = run(
      graph(
        [inp('a', 2), inp('b', 2), ['m', 'max']],
        [
          ['a', 'm', 'a'],
          ['b', 'm', 'b'],
        ],
      ),
    ).ex;
    expect(texts(tie.local[2])).toEqual(['1/2', '1/2']);
  });
  it('gives no closed form for tanh(0.3), sin 1 or a nested exponential, nor for huge numbers', () => {
    expect(unary('tanh', 0.3).value[1]).toBeNull();
    expect(unary('sin', 1).value[1]).toBeNull();
    const nested = run(
      graph(
        [inp('x', 1), ['s', 'sigmoid'], ['e', 'exp']],
        [
          ['x', 's', 'u'],
          ['s', 'e', 'u'],
        ],
      ),
    ).ex;
    expect(nested.value[2]).toBeNull();
    expect(unary('pow', 1000, { c: 5 }).value[1]).toBeNull();
  });
  it('gives nothing for a tensor graph', () => {
    const ex = run(graph([inp('x', { shape: [2], data: [1, 2] }), ['e', 'exp']], [['x', 'e', 'u']])).ex;
    expect([...ex.value, ...ex.grad]).toEqual([null, null, null, null]);
  });
});

/**
 * P3 (seed exam 004) as a scalar graph: y_j = a1·x1j + a2·x2j, L = 1/2 Σ_j (y_j − t_j)² with
 * x = [[2, 1, −1], [4, −2, 0]] and t = (15, 3, 1).
 */
function p3(a1: number, a2: number): GraphDocument {
  const X = [
    [2, 1, -1],
    [4, -2, 0],
  ];
  const T = [15, 3, 1];
  const nodes: [string, string, Partial<GraphNode>?][] = [inp('a1', a1), inp('a2', a2)];
  const edges: [string, string, string][] = [];
  for (let j = 0; j < 3; j++) {
    nodes.push(
      [`x1${j}`, 'constant', { value: X[0][j] }],
      [`x2${j}`, 'constant', { value: X[1][j] }],
      [`t${j}`, 'constant', { value: T[j] }],
    );
    nodes.push([`m1${j}`, 'mul'], [`m2${j}`, 'mul'], [`y${j}`, 'add'], [`d${j}`, 'sub'], [`s${j}`, 'square']);
    edges.push(['a1', `m1${j}`, 'a'], [`x1${j}`, `m1${j}`, 'b'], ['a2', `m2${j}`, 'a'], [`x2${j}`, `m2${j}`, 'b']);
    edges.push(
      [`m1${j}`, `y${j}`, 'a'],
      [`m2${j}`, `y${j}`, 'b'],
      [`y${j}`, `d${j}`, 'a'],
      [`t${j}`, `d${j}`, 'b'],
      [`d${j}`, `s${j}`, 'u'],
    );
  }
  nodes.push(['s01', 'add'], ['sum', 'add'], ['L', 'scale', { params: { c: 0.5 } }]);
  edges.push(['s0', 's01', 'a'], ['s1', 's01', 'b'], ['s01', 'sum', 'a'], ['s2', 'sum', 'b'], ['sum', 'L', 'u']);
  return graph(nodes, edges, 'L');
}

describe('P3: a linear layer, MSE loss and one update, in fractions (seed exam 004)', () => {
  const exactOf = (doc: GraphDocument, id: string) => {
    const { plan, ex } = run(doc);
    const k = plan.index.get(id) as number;
    return { value: ex.value[k]?.text, grad: ex.grad[k]?.text };
  };
  it('A = (3, 2): y = (14, −1, −3), L = 33/2, dL/dA = (−2, 4)', () => {
    const doc = p3(3, 2);
    expect(['y0', 'y1', 'y2'].map((id) => exactOf(doc, id).value)).toEqual(['14', '-1', '-3']);
    expect(exactOf(doc, 'L').value).toBe('33/2');
    expect([exactOf(doc, 'a1').grad, exactOf(doc, 'a2').grad]).toEqual(['-2', '4']);
  });
  it('after the step with learning rate 1 on the mean gradient, A = (11/3, 2/3) and L = 425/18', () => {
    // The update is done in floats, as a training step does: 2 - 4/3 is 0.6666666666666667, not 2/3.
    const before = run(p3(3, 2));
    const [g1, g2] = ['a1', 'a2'].map((id) => before.ev.grad(before.plan.index.get(id) as number) as number);
    const doc = p3(3 - g1 / 3, 2 - g2 / 3);
    expect([exactOf(doc, 'a1').value, exactOf(doc, 'a2').value]).toEqual(['11/3', '2/3']);
    expect(['y0', 'y1', 'y2'].map((id) => exactOf(doc, id).value)).toEqual(['10', '7/3', '-11/3']);
    const L = run(doc).ex.value[compile(doc).index.get('L') as number];
    expect(L?.text).toBe('425/18');
    expect(L?.latex).toBe('\\frac{425}{18}');
    expect(L?.decimal).toBeCloseTo(23.6111, 4);
  });
  it('every exact form agrees with the float engine', () => {
    for (const doc of [p3(3, 2), p3(11 / 3, 2 / 3)]) {
      const plan = compile(doc);
      const { forms, slots } = expectAgreement(plan, evaluate(plan));
      expect(forms).toBe(slots);
    }
  });
  it('the analytic gradient of L agrees with the engine at the updated A', () => {
    const doc = p3(11 / 3, 2 / 3);
    const plan = compile(doc);
    const g = exact.analyticGradients(plan);
    const ev = evaluate(plan);
    expect(
      close(Number(math.evaluate(g.a1?.cas ?? 'NaN', { a1: 11 / 3, a2: 2 / 3 })), ev.grad(plan.index.get('a1') as number) as number),
    ).toBe(true);
    expect(
      close(Number(math.evaluate(g.a2?.cas ?? 'NaN', { a1: 11 / 3, a2: 2 / 3 })), ev.grad(plan.index.get('a2') as number) as number),
    ).toBe(true);
  });
});

describe('random small integer graphs', () => {
  const OPS: [type: string, arity: number, c?: number[]][] = [
    ['add', 2],
    ['sub', 2],
    ['mul', 2],
    ['div', 2],
    ['neg', 1],
    ['scale', 1, [-2, 0.5, 3]],
    ['pow', 1, [2, 3, -1]],
    ['expBase', 1, [2, 3]],
    ['exp', 1],
    ['log', 1],
    ['sigmoid', 1],
  ];
  let seed = 2024;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

  function randomGraph(): GraphDocument {
    const nodes: [string, string, Partial<GraphNode>?][] = [];
    const edges: [string, string, string][] = [];
    const ids = ['x', 'y', 'z'].slice(0, 2 + Math.floor(rand() * 2));
    for (const id of ids) nodes.push(inp(id, Math.floor(rand() * 7) - 3));
    for (let j = 0; j < 6; j++) {
      const [type, arity, cs] = pick(OPS);
      const id = `n${j}`;
      nodes.push([id, type, cs ? { params: { c: pick(cs) } } : {}]);
      // Prefer recent nodes, so the graphs are deep rather than wide.
      const operand = () => ids[Math.max(0, ids.length - 1 - Math.floor(rand() * 3))];
      edges.push([operand(), id, arity === 1 ? 'u' : 'a']);
      if (arity === 2) edges.push([pick(ids), id, 'b']);
      ids.push(id);
    }
    return graph(nodes, edges);
  }

  it('of add, sub, mul, div, neg, scale, pow, expBase, exp, log and sigmoid agree with the float engine', () => {
    let total = { forms: 0, irrational: 0, slots: 0 };
    for (let i = 0; i < 25; i++) {
      const plan = compile(randomGraph());
      const r = expectAgreement(plan, evaluate(plan));
      total = { forms: total.forms + r.forms, irrational: total.irrational + r.irrational, slots: total.slots + r.slots };
    }
    // Not vacuous: most numbers get a closed form, and many of those are not rational.
    expect(total.forms).toBeGreaterThan(0.8 * total.slots);
    expect(total.irrational).toBeGreaterThan(50);
  }, 60_000);
});

describe('every scalar op of the registry', () => {
  const scalar = OPS.filter((op): op is ElementwiseOp => op.kind === 'elementwise');
  it('has an exact form: a formula, or pieces for relu, leaky ReLU, abs, max, min and the clipping ops', () => {
    for (const op of scalar) {
      // Points where every op's value is rational (sin 0 = 0, 0/2 = 0), or 1 where 0 is outside the domain (ln 1 = 0).
      const first = op.domain?.(0, 2, defaultParams(op)) ? 1 : 0;
      const args: [string, number][] = op.inputs.map((p, j) => [p.name, j === 0 ? first : 2]);
      const doc = graph(
        [...args.map(([id, v]) => inp(id, v)), ['f', op.type]],
        args.map(([id]) => [id, 'f', id]),
      );
      expect(run(doc).ex.value[args.length], op.type).not.toBeNull();
    }
  });
  it('has a local derivative rule that matches central differences of its forward', () => {
    for (const op of scalar) {
      if (op.exact.pieces || op.exact.intervals) continue; // no single local rule
      const p = defaultParams(op);
      const at = { u: 0.7, a: 0.7, b: 1.3 };
      op.inputs.forEach((port, j) => {
        const rule = exact.localRule(op, p, port.name);
        const h = 1e-6;
        const f = (d: number) => (j === 0 ? op.forward(0.7 + d, 1.3, p) : op.forward(0.7, 1.3 + d, p));
        const fd = (f(h) - f(-h)) / (2 * h);
        expect(Math.abs(Number(math.evaluate(rule?.cas ?? 'NaN', at)) - fd), `${op.type} ${port.name}: ${rule?.text}`).toBeLessThan(1e-6);
      });
    }
  });
});

describe('the activations with parameters and breaks', () => {
  const at = (op: string, x: number, params: Record<string, number> = {}) => {
    const { ex } = run(graph([inp('x', x), ['f', op, { params }]], [['x', 'f', 'u']]));
    return [ex.value[1]?.text, ex.local[1][0]?.text];
  };
  it('take the piece between the breaks the input lies in, params by name: hardswish(1) = 2/3, clamp at its max passes 1', () => {
    expect(at('hardswish', 1)).toEqual(['2/3', '5/6']);
    expect(at('hardswish', -3)).toEqual(['0', '-1/2']);
    expect(at('hardsigmoid', 4)).toEqual(['1', '0']);
    expect(at('hardtanh', 2, { min_val: -1, max_val: 2 })).toEqual(['2', '0']);
    expect(at('clamp', 2, { min: -1, max: 2 })).toEqual(['2', '1']);
    expect(at('softplus', 3, { beta: 2, threshold: 1 })).toEqual(['3', '1']);
    expect(at('elu', -1, { alpha: 2 })).toEqual(['2 · (e^(-1) - 1)', '2 e^(-1)']);
  });
  it('give GELU its stated local derivative (mathjs cannot differentiate erf), erf(1/√2) no closed form as tanh(3/10) has none, and no analytic gradient', () => {
    expect(at('gelu', 0)).toEqual(['0', '1/2']);
    expect(at('gelu', 1)).toEqual([undefined, undefined]);
    expect(exact.analyticGradients(compile(graph([inp('x', 1), ['f', 'gelu']], [['x', 'f', 'u']])))).toEqual({ x: null });
  });
});

describe('loading', () => {
  it('loads once: every call shares one engine', async () => {
    expect(await loadExact()).toBe(exact);
  });
  it('mathjs is imported in one place, dynamically; everything else takes only its types', () => {
    const dir = new URL('.', import.meta.url);
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const explain = readFileSync(new URL('../explain/explain.ts', import.meta.url), 'utf8');
    for (const file of sources) {
      const src = readFileSync(new URL(file, dir), 'utf8');
      expect(src, file).not.toMatch(/^import (?!type )[^;]*from 'mathjs'/m);
      expect(/(?<!typeof )import\('mathjs'\)/.test(src), file).toBe(file === 'index.ts');
    }
    expect(explain).not.toMatch(/mathjs|from '\.\/exact'/);
  });
});
