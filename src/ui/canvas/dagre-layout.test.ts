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
