import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graph, inp, xSquaredPlusX } from '../../tests/doc-builder';
import { analyze } from './analyze';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { numericalGradient } from './gradcheck';
import { problemText } from './problems';
import { parseDocument } from './load';
import type { GraphDocument } from './schema';

const LN2 = Math.log(2);

function loadExample(name: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(`../../public/examples/${name}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

describe('P1: f = z · 2^(x − y) at x = 2, y = 1, z = −3 (seed exam 000)', () => {
  const an = analyze(loadExample('p1-backprop.json'));
  it('numbers the nodes as the exam does: inputs x, y, z, then −y, x + f4, 2^f5, f3 · f6', () => {
    expect(an.nodes.map((r) => `${r.label}:${r.id}`)).toEqual(['f1:x', 'f2:y', 'f3:z', 'f4:neg', 'f5:add', 'f6:pow2', 'f7:mul']);
  });
  it('forward f1..f7 = 2, 1, −3, −1, 1, 2, −6', () => {
    expect(an.nodes.map((r) => r.value)).toEqual([2, 1, -3, -1, 1, 2, -6]);
  });
  it('backward b1..b7 = −6 ln2, 6 ln2, 2, −6 ln2, −6 ln2, −3, 1', () => {
    const want = [-6 * LN2, 6 * LN2, 2, -6 * LN2, -6 * LN2, -3, 1];
    an.nodes.forEach((r, i) => expect(r.grad as number).toBeCloseTo(want[i], 14));
  });
  it('the analytic gradients ln2·z·2^(x−y), −ln2·z·2^(x−y), 2^(x−y) agree', () => {
    const [x, y, z] = [2, 1, -3];
    expect(an.gradients.x as number).toBeCloseTo(LN2 * z * 2 ** (x - y), 14);
    expect(an.gradients.y as number).toBeCloseTo(-LN2 * z * 2 ** (x - y), 14);
    expect(an.gradients.z as number).toBeCloseTo(2 ** (x - y), 14);
  });
  it('the general (tensor-capable) path gives the same numbers as the scalar fast path', () => {
    const g = analyze(an.doc, { general: true });
    expect(g.nodes.map((r) => r.value)).toEqual(an.nodes.map((r) => r.value));
    g.nodes.forEach((r, i) => expect(r.grad as number).toBeCloseTo(an.nodes[i].grad as number, 14));
  });
});

describe('numbering', () => {
  it('breaks ties between ready ops by canvas position, left to right then top to bottom', () => {
    const doc = graph(
      [
        inp('a', 1),
        ['lower', 'neg', { position: { x: 200, y: 300 } }],
        ['upper', 'neg', { position: { x: 200, y: 0 } }],
        ['left', 'exp', { position: { x: 100, y: 500 } }],
        ['sum', 'add', { position: { x: 400, y: 0 } }],
        ['s2', 'add', { position: { x: 500, y: 0 } }],
      ],
      [
        ['a', 'lower', 'u'],
        ['a', 'upper', 'u'],
        ['a', 'left', 'u'],
        ['lower', 'sum', 'a'],
        ['upper', 'sum', 'b'],
        ['sum', 's2', 'a'],
        ['left', 's2', 'b'],
      ],
    );
    expect(analyze(doc).nodes.map((r) => r.id)).toEqual(['a', 'left', 'upper', 'lower', 'sum', 's2']);
  });
  it('keeps a user label in place of f_i', () => {
    const doc = graph([inp('x', 3, { label: 'x' }), ['sq', 'square', { label: 'q' }]], [['x', 'sq', 'u']]);
    expect(analyze(doc).nodes.map((r) => r.label)).toEqual(['x', 'q']);
  });
});

describe('gradients', () => {
  it('sum over fan-out: f = x·x + x gives 2x + 1', () => {
    const doc = xSquaredPlusX();
    expect(analyze(doc).gradients.x).toBe(7);
  });
  it('sums three tensor contributions without disturbing the gradients they came from: f = Σ(x ⊙ x + x) gives 2x + 1', () => {
    const doc = graph(
      [inp('x', { shape: [3], data: [1, 2, 3] }), ['m', 'mul'], ['s', 'add'], ['f', 'sum']],
      [
        ['x', 'm', 'a'],
        ['x', 'm', 'b'],
        ['m', 's', 'a'],
        ['x', 's', 'b'],
        ['s', 'f', 'x'],
      ],
    );
    const an = analyze(doc);
    const data = (id: string) => Array.from((an.byId.get(id)?.grad as { data: Float64Array }).data);
    expect(data('x')).toEqual([3, 5, 7]);
    expect(data('m')).toEqual([1, 1, 1]);
    expect(data('s')).toEqual([1, 1, 1]);
  });
  it("gives a tensor node's local derivatives when asked: d exp(x)/dx = exp(x), d(a ⊙ b)/da = b", () => {
    const doc = graph(
      [inp('x', { shape: [3], data: [-1, 0.5, 2] }), inp('y', { shape: [3], data: [4, 5, 6] }), ['e', 'exp'], ['m', 'mul'], ['f', 'sum']],
      [
        ['x', 'e', 'u'],
        ['e', 'm', 'a'],
        ['y', 'm', 'b'],
        ['m', 'f', 'x'],
      ],
    );
    const plan = compile(doc);
    const ev = evaluate(plan);
    const local = (id: string, port: number) => Array.from((ev.local(plan.index.get(id) as number, port) as { data: Float64Array }).data);
    expect(local('e', 0)).toEqual([-1, 0.5, 2].map(Math.exp));
    expect(local('m', 0)).toEqual([4, 5, 6]);
    expect(local('m', 1)).toEqual([-1, 0.5, 2].map(Math.exp));
    expect(ev.local(plan.index.get('m') as number, 2)).toBeUndefined();
  });
  it("a diamond: f = exp(x) · sin(x) has f' = exp(x)(sin x + cos x)", () => {
    const doc = graph(
      [inp('x', 0.7), ['e', 'exp'], ['s', 'sin'], ['m', 'mul']],
      [
        ['x', 'e', 'u'],
        ['x', 's', 'u'],
        ['e', 'm', 'a'],
        ['s', 'm', 'b'],
      ],
    );
    expect(analyze(doc).gradients.x as number).toBeCloseTo(Math.exp(0.7) * (Math.sin(0.7) + Math.cos(0.7)), 14);
  });
  it('a disconnected part gets values but no gradient, and does not disturb the rest', () => {
    const doc = graph(
      [inp('x', 2), inp('y', 5), ['sq', 'square'], ['other', 'exp']],
      [
        ['x', 'sq', 'u'],
        ['y', 'other', 'u'],
      ],
      'sq',
    );
    const an = analyze(doc);
    expect(an.byId.get('other')?.value as number).toBeCloseTo(Math.exp(5), 12);
    expect(an.byId.get('other')?.grad).toBeUndefined();
    expect(an.gradients).toEqual({ x: 4, y: undefined });
  });
  it('agree with central differences on a graph with shared subexpressions', () => {
    const doc = graph(
      [inp('x', 0.3), inp('y', -1.2), ['t', 'tanh'], ['m', 'mul'], ['sg', 'sigmoid'], ['d', 'div'], ['o', 'add']],
      [
        ['x', 't', 'u'],
        ['t', 'm', 'a'],
        ['y', 'm', 'b'],
        ['m', 'sg', 'u'],
        ['sg', 'd', 'a'],
        ['x', 'd', 'b'],
        ['d', 'o', 'a'],
        ['t', 'o', 'b'],
      ],
      'o',
    );
    const plan = compile(doc);
    const ev = evaluate(plan);
    const f = (v: Float64Array) =>
      evaluate(plan, {
        overrides: new Map([
          [0, v[0]],
          [1, v[1]],
        ]),
      }).output as number;
    const num = numericalGradient(f, Float64Array.of(0.3, -1.2));
    expect(ev.grad(0) as number).toBeCloseTo(num[0], 7);
    expect(ev.grad(1) as number).toBeCloseTo(num[1], 7);
  });
});

describe('invalid graphs report the nodes and why, and the rest still evaluates', () => {
  const text = (an: ReturnType<typeof analyze>, id: string) => {
    const p = an.byId.get(id)?.problem;
    return p ? problemText(p, an.labels) : null;
  };
  it('rejects a cycle and names the nodes on it', () => {
    const doc = graph(
      [inp('x', 1), ['a', 'add'], ['b', 'exp'], ['c', 'neg'], ['ok', 'square']],
      [
        ['x', 'a', 'a'],
        ['c', 'a', 'b'],
        ['a', 'b', 'u'],
        ['b', 'c', 'u'],
        ['x', 'ok', 'u'],
      ],
      'ok',
    );
    const an = analyze(doc);
    for (const id of ['a', 'b', 'c']) {
      const p = an.byId.get(id)?.problem;
      expect(p).toMatchObject({ code: 'cycle', node: id });
      expect(p && problemText(p, an.labels)).toMatch(/on a cycle: (a|b|c) → (a|b|c) → (a|b|c) → (a|b|c)/);
    }
    expect(an.byId.get('ok')).toMatchObject({ value: 1, grad: 1, problem: null });
    expect(an.gradients.x).toBe(2);
  });
  it('reports an unconnected input instead of treating it as zero', () => {
    const doc = graph(
      [inp('x', 2), ['m', 'mul'], ['e', 'exp']],
      [
        ['x', 'm', 'a'],
        ['m', 'e', 'u'],
      ],
    );
    const an = analyze(doc);
    expect(an.byId.get('m')?.problem).toEqual({ code: 'unconnected', node: 'm', port: 'b' });
    expect(an.byId.get('e')?.problem).toEqual({ code: 'upstream', node: 'e', source: 'm' });
    expect(text(an, 'm')).toBe('input "b" is not connected');
    expect(text(an, 'e')).toBe('waiting on f2, which is invalid');
    expect(an.byId.get('m')?.value).toBeUndefined();
  });
  it('marks log of a negative on the node, not as NaN downstream', () => {
    const doc = graph(
      [inp('x', -2), ['l', 'log'], ['s', 'square']],
      [
        ['x', 'l', 'u'],
        ['l', 's', 'u'],
      ],
    );
    const an = analyze(doc);
    expect(an.byId.get('l')?.problem).toMatchObject({ code: 'domain', node: 'l', op: 'log' });
    expect(an.byId.get('s')?.problem).toEqual({ code: 'upstream', node: 's', source: 'l' });
    expect(text(an, 'l')).toBe('log of a non-positive number: -2');
    expect(text(an, 's')).toMatch(/waiting on f2/);
    expect(an.gradients.x).toBeUndefined();
  });
  it('flags an infinite gradient (sqrt at 0)', () => {
    const doc = graph([inp('x', 0), ['r', 'sqrt']], [['x', 'r', 'u']]);
    const an = analyze(doc);
    expect(an.byId.get('x')?.problem).toEqual({ code: 'not-finite', node: 'x', what: 'gradient', number: 1 });
    expect(text(an, 'x')).toMatch(/gradient b1 is not a finite number/);
  });
});

describe('the output', () => {
  it('defaults to the last node nobody reads', () => {
    const doc = graph(
      [inp('x', 2), ['a', 'square'], ['b', 'neg']],
      [
        ['x', 'a', 'u'],
        ['a', 'b', 'u'],
      ],
    );
    expect(analyze(doc).output?.id).toBe('b');
  });
  it('can be an inner node: gradients then flow from there', () => {
    const doc = graph(
      [inp('x', 2), ['a', 'square'], ['b', 'neg']],
      [
        ['x', 'a', 'u'],
        ['a', 'b', 'u'],
      ],
      'a',
    );
    const an = analyze(doc);
    expect(an.gradients.x).toBe(4);
    expect(an.byId.get('b')?.grad).toBeUndefined();
  });
});

describe('ports that carry no gradient, as in PyTorch', () => {
  it("give a loss's class-index target and class weights no gradient (null), while the logits and a soft target get theirs", () => {
    const doc = graph(
      [
        inp('z', { shape: [2, 3], data: [1, 2, 3, 0, 0, 1] }),
        inp('y', { shape: [2], data: [2, 0] }),
        inp('w', { shape: [3], data: [1, 2, 0.5] }),
        inp('p', { shape: [2, 3], data: [0.2, 0.3, 0.5, 1, 0, 0] }),
        ['ce', 'crossEntropy'],
        ['soft', 'crossEntropy', { params: { targetKind: 'probabilities' } }],
        ['total', 'add'],
      ],
      [
        ['z', 'ce', 'logits'],
        ['y', 'ce', 'target'],
        ['w', 'ce', 'weight'],
        ['z', 'soft', 'logits'],
        ['p', 'soft', 'target'],
        ['ce', 'total', 'a'],
        ['soft', 'total', 'b'],
      ],
    );
    const an = analyze(doc);
    const grad = (id: string) => an.nodes.find((r) => r.id === id)?.grad;
    expect(grad('y')).toBeUndefined();
    expect(grad('w')).toBeUndefined();
    expect(grad('z')).toBeDefined();
    expect(grad('p')).toBeDefined();
    const plan = compile(doc);
    expect(plan.reaches[plan.index.get('y') as number]).toBe(0);
  });
});
