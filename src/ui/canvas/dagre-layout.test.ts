import { productDoc } from '../test-utils';
import { dagrePositions } from './dagre-layout';

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

describe('dagrePositions on a large graph', () => {
  it('lays out a 20,000-node chain left to right without overflowing the stack', () => {
    const n = 20_000;
    const doc = {
      format: 'backprop-studio.graph' as const, version: 1 as const,
      nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, op: i ? 'neg' : 'input', position: { x: 0, y: 0 } })),
      edges: Array.from({ length: n - 1 }, (_, i) => ({ source: `n${i}`, target: `n${i + 1}`, port: 'u' })),
    };
    const p = dagrePositions(doc, new Map());
    expect(p.size).toBe(n);
    for (let i = 1; i < n; i++) expect((p.get(`n${i}`)?.x ?? 0) > (p.get(`n${i - 1}`)?.x ?? Infinity)).toBe(true);
  });
});
