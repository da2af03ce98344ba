import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graph, inp, xSquaredPlusX } from '../../tests/doc-builder';
import { compile } from './compile';
import { parseDocument } from './load';
import { modeCosts } from './mode-cost';

const p1 = (() => {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
})();

describe('passes and operations of reverse and forward mode, counted by hand', () => {
  it('P1: 4 ops and 6 edges; reverse 2 passes and 4 + 6 = 10; forward 3 passes, 3 + 4 + 1 live edges, 3·4 + 8 = 20', () => {
    expect(modeCosts(compile(p1))).toEqual({
      values: 4,
      reverse: { passes: 2, products: 6, operations: 10 },
      forward: { passes: 3, products: 8, operations: 20 },
      inputs: [
        { node: 0, name: 'x', passes: 1, productsPerPass: 3 },
        { node: 1, name: 'y', passes: 1, productsPerPass: 4 },
        { node: 2, name: 'z', passes: 1, productsPerPass: 1 },
      ],
    });
  });
  it('one input (f = x·x + x): forward mode is one pass and costs what reverse does', () => {
    const c = modeCosts(compile(xSquaredPlusX()));
    expect(c?.reverse).toEqual({ passes: 2, products: 4, operations: 6 });
    expect(c?.forward).toEqual({ passes: 1, products: 4, operations: 6 });
  });
  it('a 2×3 W times a broadcast 3-vector x, summed: forward needs 6 + 3 passes of 12 products each', () => {
    const doc = graph(
      [inp('W', { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }), inp('x', { shape: [3], data: [1, 2, 3] }), ['m', 'mul'], ['s', 'sum']],
      [
        ['W', 'm', 'a'],
        ['x', 'm', 'b'],
        ['m', 's', 'x'],
      ],
    );
    const c = modeCosts(compile(doc));
    expect(c?.values).toBe(12);
    expect(c?.reverse).toEqual({ passes: 2, products: 18, operations: 30 });
    expect(c?.forward).toEqual({ passes: 9, products: 108, operations: 216 });
  });
});
