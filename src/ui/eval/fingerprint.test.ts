import type { GraphDocument, GraphNode } from '../../graph/schema';
import { productDoc } from '../test-utils';
import { evalFingerprint } from './fingerprint';

const base = productDoc();
const editNode = (id: string, f: (n: GraphNode) => GraphNode): GraphDocument => ({
  ...base,
  nodes: base.nodes.map((n) => (n.id === id ? f(n) : n)),
});

describe('evalFingerprint', () => {
  it('ignores what only changes text and layout', () => {
    const same: GraphDocument[] = [
      {
        ...base,
        title: 'Another title',
        description: 'words',
        view: { x: 1, y: 2, zoom: 3 },
        meta: { blanks: ['m'] },
        expected: { output: 12 },
      },
      editNode('m', (n) => ({ ...n, label: 'product' })),
      editNode('a', (n) => ({ ...n, name: 'alpha', position: { x: 500, y: -40 } })),
      structuredClone(base),
    ];
    for (const doc of same) expect(evalFingerprint(doc)).toBe(evalFingerprint(base));
  });

  it('changes with anything the numbers depend on', () => {
    const different: GraphDocument[] = [
      editNode('a', (n) => ({ ...n, value: 3.0000000000000004 })),
      editNode('a', (n) => ({ ...n, value: { shape: [2], data: [3, 3] } })),
      editNode('m', (n) => ({ ...n, op: 'add' })),
      editNode('m', (n) => ({ ...n, params: { c: 1 } })),
      { ...base, output: 'a' },
      { ...base, mode: 'train' },
      { ...base, edges: [base.edges[0], { ...base.edges[1], port: 'a' }] },
      { ...base, edges: base.edges.slice(0, 1) },
      { ...base, nodes: [...base.nodes, { id: 'z', op: 'input', position: { x: 0, y: 0 }, value: 0 }] },
      // A call's body runs another definition; an expanded call is evaluated under its body's ids.
      { ...base, functions: [{ name: 'g', args: ['u'], body: 'u * 2' }] },
      { ...base, functions: [{ name: 'g', args: ['u'], body: 'u * 3' }] },
      editNode('m', (n) => ({ ...n, expanded: true })),
    ];
    const prints = new Set([base, ...different].map(evalFingerprint));
    expect(prints.size).toBe(different.length + 1);
  });

  it('tells -0 from 0 (1/x differs), an initializer seed from none, and a string "1" from the number 1', () => {
    const zero = editNode('a', (n) => ({ ...n, value: 0 }));
    expect(evalFingerprint(editNode('a', (n) => ({ ...n, value: -0 })))).not.toBe(evalFingerprint(zero));
    const init = (seed?: number) =>
      editNode('a', (n) => ({ ...n, value: { shape: [3], init: 'uniform', ...(seed === undefined ? {} : { seed }) } }));
    expect(evalFingerprint(init(1))).not.toBe(evalFingerprint(init()));
    expect(evalFingerprint(editNode('m', (n) => ({ ...n, params: { c: '1' } })))).not.toBe(
      evalFingerprint(editNode('m', (n) => ({ ...n, params: { c: 1 } }))),
    );
  });
});
