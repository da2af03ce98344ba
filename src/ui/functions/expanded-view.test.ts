import { analyze } from '../../graph/analyze';
import { formulaToDocument } from '../../graph/formula-to-graph';
import type { GraphDocument } from '../../graph/schema';
import { initialResults, published } from '../eval/results-store';
import { snapshotOf } from '../eval/results';
import { deriveEdges, deriveNodes, edgeKey } from '../store/flow';
import { expandedView } from './expanded-view';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const SWISH = { name: 'swish', args: ['u'], body: 'u * sigmoid(u)' };
/** swish(x · y) + x at x = 0.7, y = −1.3: ids x, y, mul1, call1 (the swish), add1. */
const collapsed = formulaToDocument('swish(x*y) + x', { values: { x: 0.7, y: -1.3 }, functions: [SWISH] });
const expanded: GraphDocument = { ...collapsed, nodes: collapsed.nodes.map((n) => (n.op === 'call' ? { ...n, expanded: true } : n)) };

describe('an expanded call on the canvas', () => {
  it('is a frame at the call’s place with the body’s nodes inside it, read-only; collapsed, the call again', () => {
    expect(collapsed.nodes.map((n) => n.id)).toEqual(['x', 'y', 'mul1', 'call1', 'add1']);
    const call = expanded.nodes[3];
    const nodes = deriveNodes(expanded, []);
    expect(nodes.map((n) => [n.id, n.type, n.parentId ?? null])).toEqual([
      ['x', 'op', null],
      ['y', 'op', null],
      ['mul1', 'op', null],
      ['call1', 'frame', null],
      ['call1/sigmoid1', 'op', 'call1'],
      ['call1/mul1', 'op', 'call1'],
      ['add1', 'op', null],
    ]);
    expect(nodes[3].position).toBe(call.position);
    for (const inner of nodes.slice(4, 6)) {
      expect(inner).toMatchObject({ draggable: false, selectable: false, connectable: false, deletable: false, extent: 'parent' });
      // Inside the frame's box.
      expect(inner.position.x).toBeGreaterThan(0);
      expect(inner.position.y).toBeGreaterThan(0);
      expect(inner.position.x + 150).toBeLessThanOrEqual(nodes[3].width as number);
      expect(inner.position.y + 70).toBeLessThanOrEqual(nodes[3].height as number);
    }
    expect(deriveNodes(collapsed, nodes).map((n) => [n.id, n.type])).toEqual(collapsed.nodes.map((n) => [n.id, 'op']));
  });

  it('wires the body to the call’s sources and consumers: x · y into both uses of u, the body’s output into add1', () => {
    const edges = deriveEdges(expanded, []);
    expect(edges.map((e) => e.id).sort()).toEqual(
      [
        edgeKey({ source: 'x', target: 'mul1', port: 'a' }),
        edgeKey({ source: 'y', target: 'mul1', port: 'b' }),
        edgeKey({ source: 'x', target: 'add1', port: 'b' }),
        edgeKey({ source: 'call1/mul1', target: 'add1', port: 'a' }),
        edgeKey({ source: 'mul1', target: 'call1/sigmoid1', port: 'u' }),
        edgeKey({ source: 'mul1', target: 'call1/mul1', port: 'a' }),
        edgeKey({ source: 'call1/sigmoid1', target: 'call1/mul1', port: 'b' }),
      ].sort(),
    );
    // The document's own edges stay selectable; the body's are not.
    expect(edges.filter((e) => e.selectable === false).map((e) => e.target)).toEqual([
      'add1',
      'call1/sigmoid1',
      'call1/mul1',
      'call1/mul1',
    ]);
  });

  it('results: body nodes by their own ids with f4, f5, and the call id giving its body’s output', () => {
    const results = published(initialResults(), snapshotOf(analyze(expanded)), 1, 'main thread');
    const t = 0.7 * -1.3;
    expect(results.byId.get('call1/sigmoid1')?.label).toBe('f4');
    expect(results.byId.get('call1/sigmoid1')?.value).toBeCloseTo(sigmoid(t), 15);
    expect(results.byId.get('call1/mul1')?.label).toBe('f5');
    expect(results.byId.get('call1/mul1')?.value).toBeCloseTo(t * sigmoid(t), 15);
    expect(results.byId.get('call1')).toBe(results.byId.get('call1/mul1'));
    expect(results.byId.get('add1')?.label).toBe('f6');
    expect(expandedView(collapsed)).toBeNull();
  });
});
