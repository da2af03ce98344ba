import { LAYER_WIDTH } from '../../graph/layout';
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { productDoc } from '../test-utils';
import { autoPositions, dagrePositions } from './dagre-layout';

describe('dagrePositions', () => {
  it('lays a graph out left to right, inputs before the op they feed', () => {
    const p = dagrePositions(productDoc(), new Map([['m', { width: 120, height: 60 }]]));
    const a = p.get('a');
    const b = p.get('b');
    const m = p.get('m');
    if (!a || !b || !m) throw new Error('a node has no position');
    expect(a.x).toBe(b.x);
    expect(m.x).toBeGreaterThan(a.x + 150);
    expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(60);
    expect(m.y + 30).toBeGreaterThan(Math.min(a.y, b.y));
    expect(m.y + 30).toBeLessThan(Math.max(a.y, b.y) + 70);
  });
});

describe('autoPositions', () => {
  it('lays out a 20,000-node chain (which overflows dagre) one column per link, without recursion and quickly', () => {
    const n = 20_000;
    const doc: GraphDocument = {
      format: FORMAT,
      version: VERSION,
      nodes: Array.from({ length: n }, (_, i) =>
        i === 0 ? { id: 'n0', op: 'input', position: { x: 0, y: 0 }, value: 1 } : { id: `n${i}`, op: 'sin', position: { x: 0, y: 0 } },
      ),
      edges: Array.from({ length: n - 1 }, (_, i) => ({ source: `n${i}`, target: `n${i + 1}`, port: 'u' })),
    };
    const t0 = performance.now();
    const p = autoPositions(doc, new Map());
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(p.size).toBe(n);
    for (let i = 1; i < n; i++) expect((p.get(`n${i}`)?.x ?? 0) - (p.get(`n${i - 1}`)?.x ?? 0)).toBe(LAYER_WIDTH);
  });

  it('uses dagre, with the drawn sizes, for a small graph', () => {
    const sizes = new Map([['m', { width: 120, height: 60 }]]);
    expect(autoPositions(productDoc(), sizes)).toEqual(dagrePositions(productDoc(), sizes));
  });
});
