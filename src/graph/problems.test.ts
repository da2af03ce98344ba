import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { analyze } from './analyze';
import { isPending, problemBrief, problemText, sameProblem, type NodeProblem } from './problems';

const labels = (id: string) => ({ a: 'f1', l: 'loss' })[id] ?? id;

describe('problemText words every code in one line', () => {
  it.each<[NodeProblem, string]>([
    [{ code: 'unconnected', node: 'm', port: 'b' }, 'input "b" is not connected'],
    [{ code: 'upstream', node: 'm', source: 'l' }, 'waiting on loss, which is invalid'],
    [{ code: 'cycle', node: 'a', names: ['a', 'b'] }, 'on a cycle: a → b → a'],
    [
      { code: 'cycle', node: 'n1', names: Array.from({ length: 8 }, (_, i) => `n${i}`) },
      'on a cycle of 8 nodes: n0 → n1 → n2 → n3 → n4 → … → n7 → n0',
    ],
    [{ code: 'after-cycle', node: 'z' }, 'depends on a cycle upstream'],
    [
      { code: 'too-large', node: 'x', elements: 20_000_000 },
      'too large to evaluate here (20,000,000 elements in one tensor); shapes, parameters and FLOPs are still computed',
    ],
    [{ code: 'domain', node: 'l', op: 'log', detail: 'log of a non-positive number: -1' }, 'log of a non-positive number: -1'],
    [
      { code: 'domain', node: 'l', op: 'log', detail: 'log of a non-positive number: 0', at: 3 },
      'log of a non-positive number: 0 (at element 3)',
    ],
    [{ code: 'not-finite', node: 'a', what: 'value', expression: '2 * 1e308' }, 'f1 = 2 * 1e308 is not a finite number'],
    [{ code: 'not-finite', node: 'a', what: 'gradient', number: 4 }, 'the gradient b4 is not a finite number'],
    [{ code: 'not-finite', node: 'a', what: 'elements' }, 'the result contains values that are not finite numbers'],
  ])('%j', (p, text) => {
    expect(problemText(p, labels)).toBe(text);
  });
});

describe('problemBrief says it in a few words, for a badge on the node', () => {
  it.each<[NodeProblem, string]>([
    [{ code: 'unconnected', node: 'm', port: 'b' }, 'needs b'],
    [{ code: 'upstream', node: 'm', source: 'l' }, 'waiting on loss'],
    [{ code: 'cycle', node: 'a', names: ['a', 'b'] }, 'on a cycle'],
    [{ code: 'after-cycle', node: 'z' }, 'after a cycle'],
    [{ code: 'too-large', node: 'x', elements: 20_000_000 }, 'too large'],
    [{ code: 'no-tangent', node: 'x', op: 'conv2d', elements: 9 }, 'no tangent'],
    [{ code: 'shape', node: 'l', op: 'add', detail: 'cannot broadcast 2 with 3' }, 'bad shapes'],
    [{ code: 'param', node: 'l', op: 'conv2d', detail: 'stride must be positive' }, 'bad parameter'],
    [{ code: 'domain', node: 'l', op: 'log', detail: 'log of a non-positive number: -1' }, 'outside domain'],
    [{ code: 'not-finite', node: 'a', what: 'value', expression: '2 * 1e308' }, 'not finite'],
    [{ code: 'not-finite', node: 'a', what: 'gradient', number: 4 }, 'b4 not finite'],
    [{ code: 'not-finite', node: 'a', what: 'tangent', number: 2 }, 'ḟ2 not finite'],
    [{ code: 'in-function', node: 'c', fn: 'swish', problem: { code: 'after-cycle', node: 'z' } }, 'error in swish'],
  ])('%j', (p, text) => {
    expect(problemBrief(p, labels)).toBe(text);
  });
});

describe('comparing problems', () => {
  it('compares field by field, arrays element by element', () => {
    expect(sameProblem({ code: 'cycle', node: 'a', names: ['a', 'b'] }, { code: 'cycle', node: 'a', names: ['a', 'b'] })).toBe(true);
    expect(sameProblem({ code: 'cycle', node: 'a', names: ['a', 'b'] }, { code: 'cycle', node: 'a', names: ['a', 'c'] })).toBe(false);
    expect(
      sameProblem({ code: 'domain', node: 'l', op: 'log', detail: 'd' }, { code: 'domain', node: 'l', op: 'log', detail: 'd', at: 0 }),
    ).toBe(false);
    expect(sameProblem({ code: 'unconnected', node: 'm', port: 'a' }, null)).toBe(false);
    expect(sameProblem(null, null)).toBe(true);
  });
  it('calls a missing or waiting input pending, and nothing else', () => {
    expect(
      [null, { code: 'unconnected', node: 'm', port: 'a' }, { code: 'upstream', node: 'm', source: 'a' }].every((p) =>
        isPending(p as NodeProblem | null),
      ),
    ).toBe(true);
    expect(isPending({ code: 'shape', node: 'm', op: 'add', detail: 'x' })).toBe(false);
    expect(isPending({ code: 'after-cycle', node: 'm' })).toBe(false);
  });
});

describe('the engine says what kind of problem an op has', () => {
  const problem = (doc: ReturnType<typeof graph>, id: string) => analyze(doc).byId.get(id)?.problem;

  it('a shape rule: broadcasting 2 with 3', () => {
    const doc = graph(
      [inp('p', { shape: [2], data: [1, 2] }), inp('q', { shape: [3], data: [1, 2, 3] }), ['s', 'add']],
      [
        ['p', 's', 'a'],
        ['q', 's', 'b'],
      ],
    );
    expect(problem(doc, 's')).toEqual({ code: 'shape', node: 's', op: 'add', detail: 'cannot broadcast 2 with 3 (dimension 0: 2 vs 3)' });
  });
  it('a parameter: a reshape with two -1 entries', () => {
    const doc = graph([inp('x', { shape: [4], data: [1, 2, 3, 4] }), ['r', 'reshape', { params: { shape: [-1, -1] } }]], [['x', 'r', 'x']]);
    expect(problem(doc, 'r')).toEqual({
      code: 'param',
      node: 'r',
      op: 'reshape',
      detail: 'reshape shape may hold at most one -1, got [-1, -1]',
    });
  });
  it('a value outside the domain: a class index past the last class, and log of a negative element', () => {
    const ce = graph(
      [inp('z', { shape: [3], data: [1, 2, 3] }), inp('t', { shape: [], data: [5] }), ['c', 'crossEntropy']],
      [
        ['z', 'c', 'logits'],
        ['t', 'c', 'target'],
      ],
    );
    expect(problem(ce, 'c')).toEqual({
      code: 'domain',
      node: 'c',
      op: 'crossEntropy',
      detail: 'crossEntropy target index 5 is out of range for 3 classes (use 0 to 2)',
    });
    const log = graph([inp('x', { shape: [3], data: [1, -1, 2] }), ['l', 'log']], [['x', 'l', 'u']]);
    expect(problem(log, 'l')).toEqual({ code: 'domain', node: 'l', op: 'log', detail: 'log of a non-positive number: -1', at: 1 });
  });
  it('not finite: a value that overflows, named by its expression', () => {
    const doc = graph(
      [inp('x', 1e308), ['m', 'mul']],
      [
        ['x', 'm', 'a'],
        ['x', 'm', 'b'],
      ],
    );
    const an = analyze(doc);
    expect(an.byId.get('m')?.problem).toEqual({ code: 'not-finite', node: 'm', what: 'value', expression: '1e+308 * 1e+308' });
    expect(problemText(an.byId.get('m')?.problem as NodeProblem, an.labels)).toBe('f2 = 1e+308 * 1e+308 is not a finite number');
  });
});
