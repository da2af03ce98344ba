import fc from 'fast-check';
import { formulaToDocument } from './formula-to-graph';
import { LAYER_WIDTH, ROW_HEIGHT, layoutDocument } from './layout';
import { FORMAT, VERSION, type GraphDocument } from './schema';

/** A document from [id, op] pairs and [source, target] edges; ports do not matter to the layout. */
function graph(nodes: [string, string][], edges: [string, string][]): GraphDocument {
  return {
    format: FORMAT,
    version: VERSION,
    nodes: nodes.map(([id, op]) => ({ id, op, position: { x: 7, y: 7 } })),
    edges: edges.map(([source, target], i) => ({ source, target, port: `p${i}` })),
  };
}

const positions = (doc: GraphDocument) => Object.fromEntries(doc.nodes.map((n) => [n.id, n.position]));

function expectLeftToRight(doc: GraphDocument): void {
  const at = positions(doc);
  for (const e of doc.edges) expect(at[e.source].x, `${e.source} -> ${e.target}`).toBeLessThan(at[e.target].x);
}

describe('layoutDocument', () => {
  it('lays P1 out in layers by longest path, inputs in document order', () => {
    const doc = formulaToDocument('z * 2^(x - y)', { expandSub: true });
    const at = positions(doc);
    expect(Object.values(at).map((p) => p.x / LAYER_WIDTH)).toEqual([0, 0, 0, 1, 2, 3, 4]);
    expect([at.x.y, at.y.y, at.z.y]).toEqual([-ROW_HEIGHT, 0, ROW_HEIGHT]);
    expectLeftToRight(doc);
  });

  it('places a node after the longest path into it, not the shortest', () => {
    const at = positions(
      layoutDocument(
        graph(
          [
            ['a', 'input'],
            ['n1', 'neg'],
            ['n2', 'neg'],
            ['s', 'add'],
          ],
          [
            ['a', 'n1'],
            ['n1', 'n2'],
            ['n2', 's'],
            ['a', 's'],
          ],
        ),
      ),
    );
    expect(at.s.x).toBe(3 * LAYER_WIDTH);
  });

  it('orders rows by barycenter to undo a crossing of the document order', () => {
    const doc = graph(
      [
        ['a', 'input'],
        ['b', 'input'],
        ['nb', 'neg'],
        ['na', 'neg'],
      ],
      [
        ['b', 'nb'],
        ['a', 'na'],
      ],
    );
    const at = positions(layoutDocument(doc));
    expect(at.a.y).toBeLessThan(at.b.y);
    expect(at.na.y).toBeLessThan(at.nb.y);
    expect(at.nb.y - at.na.y).toBe(ROW_HEIGHT);
  });

  it('puts a constant next to its consumer rather than in the first column', () => {
    const at = positions(formulaToDocument('max(0, exp(exp(x)))'));
    expect(at.x.x).toBe(0);
    expect(at.constant1.x).toBe(at.max1.x - LAYER_WIDTH);
  });

  it('is pure and deterministic', () => {
    const doc = formulaToDocument('max(x, y) * 2 + relu(z - x)');
    const before = structuredClone(doc);
    const once = layoutDocument(doc);
    expect(doc).toEqual(before);
    expect(layoutDocument(doc)).toEqual(once);
    expect(layoutDocument(once)).toEqual(once);
    expect(once.edges).toBe(doc.edges);
  });

  it('still places every node of a document with a cycle, a self-loop or a dangling edge', () => {
    const doc = graph(
      [
        ['a', 'input'],
        ['p', 'add'],
        ['q', 'add'],
        ['r', 'neg'],
      ],
      [
        ['a', 'p'],
        ['p', 'q'],
        ['q', 'p'],
        ['r', 'r'],
        ['ghost', 'r'],
      ],
    );
    const at = positions(layoutDocument(doc));
    expect(Object.values(at).every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(at.a.x).toBeLessThan(at.p.x);
  });

  it('puts every edge of any DAG left to right, with no two nodes on one spot', () => {
    // Node i may only take inputs from nodes before it, which makes the graph acyclic.
    const dag = fc
      .integer({ min: 1, max: 30 })
      .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n })));
    fc.assert(
      fc.property(dag, ([n, pairs]) => {
        const ids = Array.from({ length: n }, (_, i) => `n${i}`);
        const edges = pairs.filter(([s, t]) => s < t).map(([s, t]): [string, string] => [ids[s], ids[t]]);
        const doc = layoutDocument(
          graph(
            ids.map((id) => [id, 'add']),
            edges,
          ),
        );
        expectLeftToRight(doc);
        expect(new Set(doc.nodes.map((d) => `${d.position.x},${d.position.y}`)).size).toBe(n);
      }),
    );
  });
});
