// @vitest-environment jsdom
import { formulaToDocument } from '../../graph/formula-to-graph';
import { editor } from '../editor';
import { setCallExpanded } from './expand';
import { expandedView } from './expanded-view';

const SWISH = { name: 'swish', args: ['u'], body: 'u * sigmoid(u)' };

describe('expanding a call makes room for its frame', () => {
  it('moves the nodes right of the call over by the frame’s extra width, collapsing moves them back, each one undo', () => {
    const doc = formulaToDocument('swish(x*y) + x', { values: { x: 0.7, y: -1.3 }, functions: [SWISH] });
    editor.reset(doc);
    const at = (id: string) => editor.state.doc.present.nodes.find((n) => n.id === id)?.position;
    const call = at('call1') as { x: number; y: number };
    const before = doc.nodes.map((n) => n.position);
    setCallExpanded('call1', true);
    const frame = expandedView(editor.state.doc.present)?.frames.get('call1');
    expect(frame?.width).toBeGreaterThan(150);
    // add1 was right of the call: it now starts right of the frame, as far from it as it was from the call.
    const add = doc.nodes.find((n) => n.id === 'add1')?.position as { x: number; y: number };
    expect(at('add1')).toEqual({ x: add.x + (frame?.width as number) - 150, y: add.y });
    expect(at('x')).toEqual(doc.nodes[0].position);
    expect(at('call1')).toEqual(call);
    setCallExpanded('call1', false);
    expect(editor.state.doc.present.nodes.map((n) => n.position)).toEqual(before);
    expect(editor.state.doc.present.nodes.some((n) => n.expanded)).toBe(false);
    editor.undo();
    expect(at('add1')?.x).toBeGreaterThan(add.x);
    editor.undo();
    expect(editor.state.doc.present).toEqual(doc);
  });
});
