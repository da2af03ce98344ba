/** A rectangle on screen, in pixels. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

const MARGIN = 12;

/** How far to move [lo, hi] to lie within [min, max]; too long to fit, its start goes to min. */
function shift(lo: number, hi: number, min: number, max: number): number {
  if (hi - lo > max - min || lo < min) return min - lo;
  return hi > max ? max - hi : 0;
}

/**
 * How far to pan (screen pixels, [dx, dy]) so that `target` lies inside `frame` and clear of the
 * overlays drawn over the frame (the formula box, the panel toggles, the zoom buttons); [0, 0] when
 * it already does. Sideways it only has to be inside the frame. Up and down, each overlay in the
 * target's columns takes the room above or below it, by which half of the frame it sits in. A
 * target too big for the room keeps its top-left corner in view: that is where a step's badge is.
 */
export function panToShow(target: Box, frame: Box, overlays: readonly Box[]): [number, number] {
  const dx = shift(target.left, target.right, frame.left + MARGIN, frame.right - MARGIN);
  const [left, right] = [target.left + dx, target.right + dx];
  const middle = (frame.top + frame.bottom) / 2;
  let [top, bottom] = [frame.top + MARGIN, frame.bottom - MARGIN];
  for (const o of overlays) {
    if (o.right <= left || right <= o.left || o.bottom <= frame.top || frame.bottom <= o.top) continue;
    if ((o.top + o.bottom) / 2 < middle) top = Math.max(top, o.bottom + MARGIN);
    else bottom = Math.min(bottom, o.top - MARGIN);
  }
  if (bottom - top < target.bottom - target.top && bottom - top < (frame.bottom - frame.top) / 3)
    [top, bottom] = [frame.top + MARGIN, frame.bottom - MARGIN];
  return [dx, shift(target.top, target.bottom, top, bottom)];
}
