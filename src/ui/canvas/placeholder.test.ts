import { deriveNodes } from '../store/flow';
import { productDoc } from '../test-utils';
import { NODE_H, NODE_W, withPlaceholders } from './placeholder';

describe('withPlaceholders', () => {
  const doc = productDoc();
  const nodes = deriveNodes(doc, []);

  it('gives a node never drawn a size and its op’s handles, the same object each time', () => {
    const [, , m] = withPlaceholders(nodes, doc);
    expect(m).toMatchObject({ id: 'm', initialWidth: NODE_W, initialHeight: NODE_H });
    expect(m.handles?.map((h) => [h.id, h.type, h.x])).toEqual([
      ['a', 'target', 0],
      ['b', 'target', 0],
      ['out', 'source', NODE_W],
    ]);
    expect(withPlaceholders(nodes, doc)[2]).toBe(m);
  });

  it('passes a measured node on unchanged, so React Flow keeps the handles it measured', () => {
    const measured = nodes.map((n) => ({ ...n, measured: { width: 120, height: 64 } }));
    expect(withPlaceholders(measured, doc)).toEqual(measured);
    expect(withPlaceholders(measured, doc)[0]).toBe(measured[0]);
  });
});
