import { describe, expect, it } from 'vitest';
import { anchorReadable, placedBounds } from './default-fit';
import { NODE_H, NODE_W } from './placeholder';

describe('the readable default view', () => {
  it('bounds use measured sizes, and a typical node size for nodes never drawn', () => {
    const b = placedBounds([{ position: { x: 0, y: 0 }, measured: { width: 300, height: 200 } }, { position: { x: 1000, y: 50 } }]);
    expect(b).toEqual({ x: 0, y: 0, width: 1000 + NODE_W, height: Math.max(200, 50 + NODE_H) });
  });

  it('a graph that fits keeps the centred fit', () => {
    const view = { x: 100, y: 80, zoom: 0.8 };
    expect(anchorReadable({ x: 0, y: 0, width: 500, height: 300 }, view, 1000, 600)).toEqual(view);
  });

  it('a graph wider than the canvas at the floor starts at its left edge (the inputs) and stays centred vertically', () => {
    const bounds = { x: 200, y: -100, width: 4000, height: 400 };
    const view = anchorReadable(bounds, { x: -900, y: 150, zoom: 0.5 }, 1000, 600);
    expect(view).toEqual({ x: 40 - 200 * 0.5, y: 150, zoom: 0.5 });
    expect(bounds.x * view.zoom + view.x).toBe(40);
  });

  it('a graph taller than the canvas at the floor starts at its top edge', () => {
    const view = anchorReadable({ x: 0, y: 300, width: 400, height: 3000 }, { x: 300, y: -500, zoom: 0.5 }, 1000, 600);
    expect(view).toEqual({ x: 300, y: 40 - 150, zoom: 0.5 });
  });
});
