import type { XYPosition } from '@xyflow/react';

/** What placement needs of a node on the canvas: where it is and, once drawn, its size. */
export interface PlacedNode {
  readonly id: string;
  readonly position: XYPosition;
  readonly measured?: { readonly width?: number; readonly height?: number };
}

/** A fresh node's size before it is drawn (the editor centres new nodes on NODE_HALF). */
const FRESH = { width: 140, height: 64 };
/** A new op node waits for its inputs and says so under its face: room kept below it for that message. */
const MESSAGE = 96;
const GAP = 40;

const sizeOf = (n: PlacedNode) => ({ width: n.measured?.width ?? FRESH.width, height: n.measured?.height ?? FRESH.height });

function overlaps(nodes: readonly PlacedNode[], centre: XYPosition): PlacedNode | undefined {
  const [x0, y0] = [centre.x - FRESH.width / 2, centre.y - FRESH.height / 2];
  const y1 = y0 + FRESH.height + MESSAGE;
  return nodes.find((n) => {
    const s = sizeOf(n);
    return x0 < n.position.x + s.width && n.position.x < x0 + FRESH.width && y0 < n.position.y + s.height && n.position.y < y1;
  });
}

/**
 * Where a node added without a drop point (palette click, keyboard quick-add) is centred, in
 * canvas coordinates: to the right of the selection, level with its last node, else at `fallback`
 * (also when that spot is outside `view`, the part of the canvas on screen); then moved down past
 * any node already in the way, so new nodes never stack on each other.
 */
export function placeBeside(
  nodes: readonly PlacedNode[],
  selected: readonly string[],
  fallback: XYPosition,
  view?: { x: number; y: number; width: number; height: number },
): XYPosition {
  const chosen = nodes.filter((n) => selected.includes(n.id));
  let at = { ...fallback };
  if (chosen.length > 0) {
    const right = Math.max(...chosen.map((n) => n.position.x + sizeOf(n).width));
    const last = chosen[chosen.length - 1];
    at = { x: right + GAP + FRESH.width / 2, y: last.position.y + sizeOf(last).height / 2 };
  }
  // Beside the selection but off the view (a phone's narrow canvas): the view's centre instead.
  const inView = (p: XYPosition) =>
    !view ||
    (p.x - FRESH.width / 2 >= view.x && p.x + FRESH.width / 2 <= view.x + view.width && p.y >= view.y && p.y <= view.y + view.height);
  if (!inView(at)) at = { ...fallback };
  for (let blocker = overlaps(nodes, at); blocker; blocker = overlaps(nodes, at))
    at = { x: at.x, y: blocker.position.y + sizeOf(blocker).height + GAP / 2 + FRESH.height / 2 };
  return at;
}

/**
 * Moves keyboard focus to a node once React Flow has drawn it, so the keys that act on a focused
 * node work on what was just added. A node added this frame is not in the page yet, and React Flow
 * keeps it hidden (unfocusable) until it has measured it: so try again each frame, for half a second.
 */
export function focusNodeWhenDrawn(id: string, tries = 30): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    el?.focus({ preventScroll: true });
    if (document.activeElement !== el && tries > 0) focusNodeWhenDrawn(id, tries - 1);
  });
}
