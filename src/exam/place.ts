import type { Analysis } from '../graph/analyze';
import { formatLabel } from '../format/number';
import type { DiagramEdge, DiagramGrid, DiagramLabel, DiagramNode, ExamView, Point, Rect, TextItem } from './diagram';
import { mathRuns, printed } from './runs';
import {
  blankWidth,
  captionWidth,
  CELL_H,
  CELL_PX,
  gridWidth,
  LABEL_ASCENT,
  LABEL_DESCENT,
  LABEL_PX,
  labelWidth,
  shown,
  TRUNK_PAD,
  trunkLength,
  type GridItem,
  type LabelItem,
  type NodeItem,
} from './items';

/** Between an edge and its label's box. */
const LABEL_GAP = 3;
const LABEL_H = LABEL_ASCENT + LABEL_DESCENT;
/** The shortest curve that still reads as a bend, and the arrowhead. */
const MIN_CURVE = 24;
const ARROW_LEN = 7;
const ARROW_HALF = 3;
/** How far the stub of a node nobody reads runs past its labels. */
const STUB_EXTRA = 12;
const PORT_SPACING = 9;
const NODE_GAP = 16;
const ROW_GAP = 10;
const GRID_GAP = 6;
/**
 * Scaling checks pairs of nodes, which is quadratic; a figure with more nodes than this is not
 * an exam question, and is scaled by its edges alone.
 */
const PAIRWISE_MAX = 400;

interface Extent {
  /** Half the width of the node or of the parameter count under it, whichever is wider. */
  readonly half: number;
  readonly trunk: number;
  readonly up: number;
  readonly down: number;
}

const gridHeight = (g: GridItem): number => g.rows * CELL_H + GRID_GAP;
/** The top of the tables, below the centre line: under the gradient label on the node's run, and under the node and its parameter count. */
const gridsTop = (it: NodeItem): number => Math.max(it.height / 2 + (it.params ? LABEL_GAP + LABEL_H : 0), LABEL_GAP + LABEL_H) + GRID_GAP;

function extents(items: readonly NodeItem[], box: number): Extent[] {
  return items.map((it) => {
    const params = it.params ? LABEL_GAP + LABEL_H : 0;
    const grids = it.grids.reduce((h, g) => h + gridHeight(g), 0);
    const band = LABEL_GAP + LABEL_H;
    return {
      half: Math.max(it.width / 2, it.params ? labelWidth(it.params, box) / 2 : 0),
      trunk: trunkLength(it, box),
      up: Math.max(it.height / 2, band),
      down: Math.max(it.height / 2 + params, band, grids ? gridsTop(it) + grids - GRID_GAP : 0),
    };
  });
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * Horizontal and vertical scale of the document's positions: as tight as the labels allow
 * horizontally (the editor spaces nodes for its wider cards), never tighter than the document
 * vertically. Each constraint is a scale below which two things would collide.
 */
function scales(an: Analysis, items: readonly NodeItem[], ext: readonly Extent[]): { sx: number; sy: number } {
  const pos = an.plan.nodes.map((nd) => nd.position);
  const n = items.length;
  const pairs = n <= PAIRWISE_MAX;
  let sx = 0;
  an.plan.inputs.forEach((srcs, k) => {
    for (const s of srcs) {
      const dx = s >= 0 && s < n ? pos[k].x - pos[s].x : 0;
      if (dx > 0) sx = Math.max(sx, (items[s].width / 2 + ext[s].trunk + MIN_CURVE + ARROW_LEN + items[k].width / 2) / dx);
    }
  });
  const overlapY = (i: number, j: number) => pos[i].y - ext[i].up < pos[j].y + ext[j].down && pos[j].y - ext[j].up < pos[i].y + ext[i].down;
  for (let i = 0; pairs && i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dx = pos[j].x - pos[i].x;
      if (dx > 0 && overlapY(i, j)) sx = Math.max(sx, (ext[i].half + ext[i].trunk + ext[j].half + NODE_GAP) / dx);
    }
  }
  sx = sx ? clamp(sx, 0.4, 3) : 1;
  const span = (i: number): [number, number] => [pos[i].x * sx - ext[i].half, pos[i].x * sx + ext[i].half + ext[i].trunk];
  let sy = 1;
  for (let i = 0; pairs && i < n; i++) {
    const [a0, a1] = span(i);
    for (let j = 0; j < n; j++) {
      const dy = pos[j].y - pos[i].y;
      const [b0, b1] = span(j);
      if (dy > 0 && a0 < b1 && b0 < a1) sy = Math.max(sy, (ext[i].down + ext[j].up + ROW_GAP) / dy);
    }
  }
  return { sx, sy: Math.min(sy, 3) };
}

function placeLabel(l: LabelItem, view: ExamView, box: number, centre: number, baseline: number): DiagramLabel {
  const width = labelWidth(l, box);
  const x = centre - width / 2;
  return {
    key: l.key,
    role: l.role,
    name: l.name,
    relation: l.relation,
    x,
    baseline,
    width,
    answer: shown(l, view),
    box: l.blank ? { x: x + l.headWidth, y: baseline - LABEL_ASCENT, width: box, height: LABEL_H } : null,
  };
}

function placeGrid(id: string, g: GridItem, view: ExamView, left: number, top: number): DiagramGrid {
  const rect: Rect = { x: left + captionWidth(g), y: top, width: gridWidth(g), height: g.rows * CELL_H };
  return {
    node: id,
    of: g.of,
    rect,
    caption: { runs: g.caption, x: rect.x - 4, baseline: top + rect.height / 2 + 0.36 * CELL_PX, size: CELL_PX, anchor: 'end' },
    cells: g.cells.map((c, i) => ({
      key: c.key,
      rect: { x: rect.x + (i % g.cols) * g.cellWidth, y: top + Math.floor(i / g.cols) * CELL_H, width: g.cellWidth, height: CELL_H },
      text: shown(c, view)?.text ?? null,
      blank: c.blank,
    })),
  };
}

/** Nodes, labels and tables in place, and what the edges need to join them. */
export interface Placed {
  readonly nodes: DiagramNode[];
  readonly labels: DiagramLabel[];
  readonly grids: DiagramGrid[];
  readonly centres: Point[];
  /** The run each node's outgoing edges share before they bend. */
  readonly trunks: number[];
}

/** Places nodes at their scaled document positions, their labels on their outgoing run, their tables under them. */
export function placeNodes(an: Analysis, items: readonly NodeItem[], view: ExamView): Placed {
  const box = blankWidth(items);
  const ext = extents(items, box);
  const { sx, sy } = scales(an, items, ext);
  const centres = an.plan.nodes.map((nd) => ({ x: nd.position.x * sx, y: nd.position.y * sy }));
  const placed: Placed = { nodes: [], labels: [], grids: [], centres, trunks: ext.map((e) => e.trunk) };
  items.forEach((it, k) => {
    const { x: cx, y: cy } = centres[k];
    const rect = { x: cx - it.width / 2, y: cy - it.height / 2, width: it.width, height: it.height };
    placed.nodes.push({
      id: it.id,
      rect,
      radius: it.radius,
      texts: it.texts.map((t) => ({ runs: t.runs, x: cx, baseline: cy + t.dy, size: t.size, anchor: 'middle' })),
    });
    const runCentre = rect.x + rect.width + ext[k].trunk / 2;
    placed.labels.push(placeLabel(it.forward, view, box, runCentre, cy - LABEL_GAP - LABEL_DESCENT));
    if (it.backward) placed.labels.push(placeLabel(it.backward, view, box, runCentre, cy + LABEL_GAP + LABEL_ASCENT));
    let top = cy + gridsTop(it);
    for (const g of it.grids) {
      placed.grids.push(placeGrid(it.id, g, view, rect.x + rect.width + TRUNK_PAD, top));
      top += gridHeight(g);
    }
    if (it.params) placed.labels.push(placeLabel(it.params, view, box, cx, rect.y + rect.height + LABEL_GAP + LABEL_ASCENT));
  });
  return placed;
}

/** Where an edge meets the left side of a rounded rectangle `dy` below its centre line. */
function portX(n: DiagramNode, dy: number): number {
  const inner = n.rect.height / 2 - n.radius;
  const ady = Math.abs(dy);
  if (ady <= inner) return n.rect.x;
  return n.rect.x + n.radius - Math.sqrt(Math.max(0, n.radius ** 2 - (ady - inner) ** 2));
}

function edge(from: string, to: string | null, start: Point, runLength: number, tip: Point): DiagramEdge {
  const end = { x: tip.x - ARROW_LEN, y: tip.y };
  const arrow: DiagramEdge['arrow'] = [tip, { x: end.x, y: tip.y - ARROW_HALF }, { x: end.x, y: tip.y + ARROW_HALF }];
  if (Math.abs(end.y - start.y) < 0.5 && end.x >= start.x) return { from, to, start, run: end, curve: null, arrow };
  const run = { x: start.x + runLength, y: start.y };
  // A target to the left of the run gets a wide S rather than a curve folding back on itself.
  const d = end.x > run.x ? Math.max(12, (end.x - run.x) / 2) : 40;
  return { from, to, start, run, curve: { c1: { x: run.x + d, y: run.y }, c2: { x: end.x - d, y: end.y }, end }, arrow };
}

/**
 * Where each fed port sits (key `node:slot`): spread over the node's left side in the order of
 * their sources' heights, so edges do not cross; a port constant counts as level with its node.
 */
function portPoints(an: Analysis, placed: Placed): Map<string, Point> {
  const { nodes, centres } = placed;
  const ports = new Map<string, Point>();
  const height = (s: number, k: number) => centres[s < an.plan.n ? s : k].y;
  an.plan.inputs.forEach((srcs, k) => {
    const order = srcs
      .map((s, slot) => ({ s, slot }))
      .filter((p) => p.s >= 0)
      .sort((a, b) => height(a.s, k) - height(b.s, k) || a.slot - b.slot);
    const limit = Math.max(0, nodes[k].rect.height / 2 - 3);
    order.forEach(({ slot }, i) => {
      const dy = clamp((i - (order.length - 1) / 2) * PORT_SPACING, -limit, limit);
      ports.set(`${k}:${slot}`, { x: portX(nodes[k], dy), y: centres[k].y + dy });
    });
  });
  return ports;
}

/** Gap between a port constant's number and the port it is written at. */
const CONSTANT_GAP = 3;

/** Each number typed into a port, written just left of that port, as on the canvas. */
export function placeConstants(an: Analysis, placed: Placed): TextItem[] {
  const ports = portPoints(an, placed);
  const { plan } = an;
  return plan.inputs.flatMap((srcs, k) =>
    srcs.flatMap((s, slot) => {
      if (s < plan.n) return [];
      const at = ports.get(`${k}:${slot}`) as Point;
      const runs = mathRuns(printed(formatLabel(plan.constants[s - plan.n])));
      return [{ runs, x: at.x - CONSTANT_GAP, baseline: at.y + 0.35 * LABEL_PX, size: LABEL_PX, anchor: 'end' as const }];
    }),
  );
}

/** Edges into each node at their ports (see portPoints), and a stub out of every node nobody reads. */
export function placeEdges(an: Analysis, placed: Placed): DiagramEdge[] {
  const { nodes, centres, trunks } = placed;
  const right = (k: number): Point => ({ x: nodes[k].rect.x + nodes[k].rect.width, y: centres[k].y });
  const ports = portPoints(an, placed);
  const edges: DiagramEdge[] = [];
  an.plan.consumers.forEach((readers, s) => {
    const start = right(s);
    if (!readers.length) {
      edges.push(edge(nodes[s].id, null, start, 0, { x: start.x + trunks[s] + STUB_EXTRA, y: start.y }));
      return;
    }
    const tips = readers.map((c) => ({ c, tip: ports.get(`${c.node}:${c.slot}`) as Point }));
    // The shared run stops short of the nearest target so every edge still has room to bend.
    const room = tips.reduce((m, { tip }) => Math.min(m, tip.x > start.x ? tip.x - ARROW_LEN - MIN_CURVE - start.x : Infinity), Infinity);
    const runLength = clamp(room, 0, trunks[s]);
    for (const { c, tip } of tips) edges.push(edge(nodes[s].id, nodes[c.node].id, start, runLength, tip));
  });
  return edges;
}
