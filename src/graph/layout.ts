import type { GraphDocument, GraphEdge, Position } from './schema';

/** What a layout reads: ids, ops and edges, not positions. */
interface Shape {
  readonly nodes: readonly { readonly id: string; readonly op: string }[];
  readonly edges: readonly GraphEdge[];
}

/** Horizontal distance between layers and vertical distance between rows, in canvas units. */
export const LAYER_WIDTH = 180;
export const ROW_HEIGHT = 100;

/** Down, up, down: enough barycenter sweeps to untangle the small graphs formulas make. */
const SWEEPS = ['down', 'up', 'down'] as const;

interface Adjacency {
  readonly preds: readonly number[][];
  readonly succs: readonly number[][];
}

/** Edges as node indices, skipping dangling edges and self-loops, which have no place in a layering. */
function adjacency(doc: Shape): Adjacency {
  const index = new Map<string, number>();
  doc.nodes.forEach((n, i) => {
    if (!index.has(n.id)) index.set(n.id, i);
  });
  const preds: number[][] = doc.nodes.map(() => []);
  const succs: number[][] = doc.nodes.map(() => []);
  for (const e of doc.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined || s === t) continue;
    preds[t].push(s);
    succs[s].push(t);
  }
  return { preds, succs };
}

/**
 * Longest path from the sources (Kahn's order). A cycle cannot be layered; it is broken at its
 * first node in document order, so a bad document still gets a layout instead of an error.
 */
function longestPathLayers({ preds, succs }: Adjacency): number[] {
  const n = preds.length;
  const layer = new Array<number>(n).fill(0);
  const waiting = preds.map((p) => p.length);
  const done = new Array<boolean>(n).fill(false);
  const queue = [...waiting.keys()].filter((i) => waiting[i] === 0);
  let head = 0;
  let scan = 0;
  for (let processed = 0; processed < n; processed++) {
    while (head === queue.length) {
      while (done[scan]) scan++;
      queue.push(scan);
    }
    const u = queue[head++];
    done[u] = true;
    for (const v of succs[u]) {
      if (done[v]) continue;
      layer[v] = Math.max(layer[v], layer[u] + 1);
      if (--waiting[v] === 0) queue.push(v);
    }
  }
  return layer;
}

/** Rows centred on y = 0, so a column of one node sits level with the middle of its neighbours. */
function spread(column: readonly number[], y: number[]): void {
  column.forEach((node, row) => (y[node] = (row - (column.length - 1) / 2) * ROW_HEIGHT));
}

/**
 * Places nodes left to right: column = layer × {@link LAYER_WIDTH}, the layer being the longest
 * path from a source. Inputs keep document order in the first column; a source that is not an
 * input (a constant) sits just left of its first consumer rather than far away in column 0.
 * Rows in the other columns follow a few barycenter sweeps to reduce crossings. Deterministic;
 * returns a new document and leaves the argument alone.
 */
export function layoutDocument(doc: GraphDocument): GraphDocument {
  const at = layoutPositions(doc);
  return { ...doc, nodes: doc.nodes.map((node, i) => ({ ...node, position: at[i] })) };
}

/** The positions {@link layoutDocument} gives, in document order. */
export function layoutPositions(doc: Shape): Position[] {
  const adj = adjacency(doc);
  const layer = longestPathLayers(adj);
  doc.nodes.forEach((node, i) => {
    const consumers = adj.succs[i];
    if (node.op !== 'input' && adj.preds[i].length === 0 && consumers.length > 0) {
      layer[i] = Math.max(0, consumers.reduce((m, c) => Math.min(m, layer[c]), Infinity) - 1);
    }
  });
  const columns: number[][] = [];
  layer.forEach((l, i) => (columns[l] ??= []).push(i));
  const y = new Array<number>(doc.nodes.length).fill(0);
  for (const column of columns) if (column) spread(column, y);
  for (const sweep of SWEEPS) {
    const order = sweep === 'down' ? columns.slice(1) : columns.slice(1).reverse();
    const neighbours = sweep === 'down' ? adj.preds : adj.succs;
    for (const column of order) {
      if (!column) continue;
      const keyed = column.map((i) => ({ i, key: barycenter(neighbours[i], y) ?? y[i] }));
      keyed.sort((a, b) => a.key - b.key || y[a.i] - y[b.i]);
      keyed.forEach(({ i }, row) => (column[row] = i));
      spread(column, y);
    }
  }
  return doc.nodes.map((_node, i) => ({ x: layer[i] * LAYER_WIDTH, y: y[i] }));
}

function barycenter(neighbours: readonly number[], y: readonly number[]): number | null {
  return neighbours.length ? neighbours.reduce((sum, j) => sum + y[j], 0) / neighbours.length : null;
}
