import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { nodePorts } from '../ops/registry';
import type { Tensor } from '../tensor/tensor';
import { analyze } from './analyze';
import { validateDocument } from './load';

const v = (n: number, x: number) => ({ shape: [n], data: Array.from({ length: n }, (_, i) => x + i) });

/** A concat of three vectors (sizes 2, 1, 3) with `count` as given. */
const cat3 = (count: number) =>
  graph(
    [inp('a', v(2, 1)), inp('b', v(1, 10)), inp('c', v(3, 20)), ['cat', 'concat', { params: { count } }]],
    [
      ['a', 'cat', 'x0'],
      ['b', 'cat', 'x1'],
      ['c', 'cat', 'x2'],
    ],
  );

describe('an op with a port per input (concat, stack)', () => {
  it('has as many ports as its count parameter says, x0 first', () => {
    expect(nodePorts({ op: 'concat' }).map((p) => p.name)).toEqual(['x0', 'x1']);
    expect(nodePorts({ op: 'stack', params: { count: 4 } }).map((p) => p.name)).toEqual(['x0', 'x1', 'x2', 'x3']);
  });

  it('reads each port in order and sends each its own part of the gradient', () => {
    // out = cat(a, b, c) feeds a weighted sum: each input's gradient is its slice of the weights.
    const doc = cat3(3);
    doc.nodes.push(
      { id: 'w', op: 'constant', value: v(6, 1), position: { x: 0, y: 0 } },
      { id: 'm', op: 'mul', position: { x: 0, y: 0 } },
      { id: 's', op: 'sum', position: { x: 0, y: 0 } },
    );
    doc.edges.push(
      { source: 'cat', target: 'm', port: 'a' },
      { source: 'w', target: 'm', port: 'b' },
      { source: 'm', target: 's', port: 'x' },
    );
    const an = analyze(doc);
    expect(an.byId.get('cat')?.problem).toBeNull();
    expect([...(an.byId.get('cat')?.value as Tensor).data]).toEqual([1, 2, 10, 20, 21, 22]);
    expect([...(an.byId.get('a')?.grad as Tensor).data]).toEqual([1, 2]);
    expect([...(an.byId.get('b')?.grad as Tensor).data]).toEqual([3]);
    expect([...(an.byId.get('c')?.grad as Tensor).data]).toEqual([4, 5, 6]);
    const k = an.plan.index.get('cat') as number;
    expect(an.plan.ports[k].map((p) => p.name)).toEqual(['x0', 'x1', 'x2']);
  });

  it('keeps an edge to a port beyond a lowered count: the document loads and the node says what to change', () => {
    const doc = cat3(2);
    expect(validateDocument(doc).ok).toBe(true);
    const cat = analyze(doc).nodes.find((n) => n.id === 'cat');
    expect(cat?.problem).toEqual({
      code: 'param',
      node: 'cat',
      op: 'concat',
      detail: 'concat has 2 inputs (count 2) but "x2" is connected: set count to 3 or remove that edge',
    });
  });

  it('refuses a port name no count gives', () => {
    const doc = graph(
      [inp('a', v(2, 1)), ['cat', 'concat']],
      [
        ['a', 'cat', 'x0'],
        ['a', 'cat', 'y'],
      ],
    );
    const r = validateDocument(doc);
    expect(r.ok ? [] : r.issues.map((i) => i.message)).toEqual(['op "concat" of node "cat" has no input port "y" (ports: "x0", "x1")']);
  });
});
