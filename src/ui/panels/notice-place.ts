import { isCompact } from '../layout/layout-store';

/** What sits along the canvas's edges: React Flow's panels (formula box, zoom buttons) and the panel toggles. */
const OVERLAYS = '.canvas .react-flow__panel, .node-list-toggle, .forward-toggle';
/** What the user works with on the canvas: a notice should cover none of it. */
const CONTENT = '.canvas .react-flow__node, .canvas .edge-label';
const GAP = 8;
const WIDTH = 400;

type Rect = { left: number; top: number; right: number; bottom: number };
const meets = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const rects = (selector: string): Rect[] =>
  [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);

/**
 * Puts the notices where they cover least of what the user works with: never over the playback
 * bar, the explanation or the side panels, but in a corner of the canvas, clear of the buttons
 * there; of the four corners, the first (top right, top left, bottom right, bottom left) over no
 * node and no edge label, else the one over fewest. On a narrow screen the stylesheet puts them
 * under the header instead.
 */
export function placeNotices(el: HTMLElement): void {
  const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
  if (!canvas || isCompact()) {
    el.removeAttribute('style');
    return;
  }
  const width = Math.min(WIDTH, canvas.width - 2 * GAP);
  const height = el.getBoundingClientRect().height || 60;
  const overlays = rects(OVERLAYS);
  const content = rects(CONTENT);
  const middle = canvas.top + canvas.height / 2;
  const room = (left: number) => {
    const columns = overlays.filter((r) => r.right > left && r.left < left + width);
    const top = Math.max(canvas.top, ...columns.filter((r) => r.top < middle).map((r) => r.bottom)) + GAP;
    const bottom = Math.min(canvas.bottom, ...columns.filter((r) => r.top >= middle).map((r) => r.top)) - GAP;
    return { top, bottom: bottom - height };
  };
  const [right, left] = [room(canvas.right - GAP - width), room(canvas.left + GAP)];
  const corners = [
    { left: canvas.right - GAP - width, top: right.top },
    { left: canvas.left + GAP, top: left.top },
    { left: canvas.right - GAP - width, top: right.bottom },
    { left: canvas.left + GAP, top: left.bottom },
  ];
  const covers = (c: { left: number; top: number }) =>
    content.filter((r) => meets(r, { ...c, right: c.left + width, bottom: c.top + height })).length;
  const at = corners.reduce((best, c) => (covers(c) < covers(best) ? c : best));
  Object.assign(el.style, { top: `${at.top}px`, left: `${at.left}px`, width: `${width}px`, bottom: 'auto', transform: 'none' });
}
