import { describe, expect, it } from 'vitest';
import { placeBeside } from './placement';

const node = (id: string, x: number, y: number, width = 140, height = 64) => ({ id, position: { x, y }, measured: { width, height } });

describe('placeBeside', () => {
  it('puts a node with nothing selected at the fallback point when it is free', () => {
    expect(placeBeside([node('a', 500, 500)], [], { x: 100, y: 100 })).toEqual({ x: 100, y: 100 });
  });

  it('puts it 40 px to the right of the selected node, level with its middle', () => {
    // a spans x 0..150 and y 0..80: the new node (140 wide) is centred at 150 + 40 + 70, y 40.
    expect(placeBeside([node('a', 0, 0, 150, 80)], ['a'], { x: 999, y: 999 })).toEqual({ x: 260, y: 40 });
  });

  it('goes right of the rightmost of several selected nodes', () => {
    const nodes = [node('a', 0, 0), node('b', 300, 200)];
    expect(placeBeside(nodes, ['a', 'b'], { x: 0, y: 0 })).toEqual({ x: 300 + 140 + 40 + 70, y: 232 });
  });

  it('moves down past a node in the way, and past the next one too: never stacked', () => {
    // c sits where the new node would go; d sits just under c.
    const nodes = [node('a', 0, 0), node('c', 200, 0), node('d', 200, 80)];
    const at = placeBeside(nodes, ['a'], { x: 0, y: 0 });
    expect(at.x).toBe(250);
    // below d: d's bottom (144) + 20 + half a fresh node (32)
    expect(at.y).toBe(196);
  });

  it('moves a second add at the centre off the first one', () => {
    const first = placeBeside([], [], { x: 300, y: 300 });
    const second = placeBeside([node('n1', first.x - 70, first.y - 32)], [], { x: 300, y: 300 });
    expect(second).toEqual({ x: 300, y: 300 + 32 + 20 + 32 });
  });

  it('falls back to the centre of the view when the spot beside the selection is off screen', () => {
    const view = { x: 0, y: 0, width: 400, height: 600 };
    // a's right edge is at 300: beside it (centre 410) a fresh node would end at 480, past 400.
    expect(placeBeside([node('a', 160, 100)], ['a'], { x: 200, y: 400 }, view)).toEqual({ x: 200, y: 400 });
    expect(placeBeside([node('a', 0, 100)], ['a'], { x: 200, y: 400 }, view)).toEqual({ x: 250, y: 132 });
  });

  it('keeps room under the new node for its "not connected" message: a node 100 px below counts as in the way', () => {
    // Beside a: centred at (250, 32), its face 0..64 and 96 px more for the message (a narrow node wraps it in several lines), to 160.
    expect(placeBeside([node('a', 0, 0), node('c', 200, 100)], ['a'], { x: 0, y: 0 })).toEqual({ x: 250, y: 164 + 20 + 32 });
  });
});
