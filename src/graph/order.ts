import type { NodeProblem } from './problems';
import type { GraphDocument } from './schema';

/** The document's edges as node indices: edge e runs from[e] → to[e]. */
export interface Edges {
  readonly from: Int32Array;
  readonly to: Int32Array;
}

export interface Ordering {
  /** Document node indices in numbering order: sources first, then ops topologically, then the blocked ones in document order. */
  readonly order: Int32Array;
  /** Document indices of nodes that could not be ordered, with why (on a cycle, or fed by one). */
  readonly blocked: Map<number, NodeProblem>;
}

/**
 * Edge endpoints grouped by `by` (compressed rows: the group of node i is out[at[i] .. at[i+1])),
 * in edge order within each group: a counting sort, no array per node.
 */
function groupBy(n: number, by: Int32Array, other: Int32Array): { at: Int32Array; out: Int32Array } {
  const at = new Int32Array(n + 1);
  for (let e = 0; e < by.length; e++) at[by[e] + 1]++;
  for (let i = 0; i < n; i++) at[i + 1] += at[i];
  const fill = at.slice(0, n);
  const out = new Int32Array(by.length);
  for (let e = 0; e < by.length; e++) out[fill[by[e]]++] = other[e];
  return { at, out };
}

/**
 * A binary min-heap of node indices ordered by canvas position (x, then y, then index): the
 * numbering's tie-break. Positions are copied into flat arrays so comparing touches no node object.
 */
class PositionHeap {
  private readonly items: Int32Array;
  size = 0;
  constructor(
    capacity: number,
    private readonly xs: Float64Array,
    private readonly ys: Float64Array,
  ) {
    this.items = new Int32Array(capacity);
  }
  private less(a: number, b: number): boolean {
    const { xs, ys } = this;
    return xs[a] < xs[b] || (xs[a] === xs[b] && (ys[a] < ys[b] || (ys[a] === ys[b] && a < b)));
  }
  push(v: number): void {
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(v, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a[--this.size];
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const m = l + 1 < this.size && this.less(a[l + 1], a[l]) ? l + 1 : l;
      if (!this.less(a[m], last)) break;
      a[i] = a[m];
      i = m;
    }
    a[i] = last;
    return top;
  }
}

/**
 * The exam numbering f1..fn: input nodes first in document order, then operation nodes in
 * topological order, ties broken by canvas position (left to right, then top to bottom).
 * Nodes on a cycle, or downstream of one, cannot be ordered: they are reported, named, and come last.
 */
export function orderNodes(doc: GraphDocument, isSource: Uint8Array, edges: Edges): Ordering {
  const n = doc.nodes.length;
  // The order successors are released in does not matter: the heap orders what is ready.
  const { at: succAt, out: succ } = groupBy(n, edges.from, edges.to);
  const indeg = new Int32Array(n);
  for (let e = 0; e < edges.to.length; e++) indeg[edges.to[e]]++;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = doc.nodes[i].position;
    xs[i] = p.x;
    ys[i] = p.y;
  }
  const order = new Int32Array(n);
  let placed = 0;
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (isSource[i]) order[placed++] = i;
  const ready = new PositionHeap(n, xs, ys);
  for (let i = 0; i < n; i++) if (!isSource[i] && indeg[i] === 0) ready.push(i);
  // Each placed node releases its successors; the sources are placed already, the ops as they leave the heap.
  for (let next = 0; next < placed || ready.size; next++) {
    if (next === placed) order[placed++] = ready.pop();
    const i = order[next];
    done[i] = 1;
    for (let e = succAt[i]; e < succAt[i + 1]; e++) {
      const s = succ[e];
      if (--indeg[s] === 0 && !isSource[s]) ready.push(s);
    }
  }
  const blocked = new Map<number, NodeProblem>();
  if (placed < n) {
    describeBlocked(doc, edges, done, blocked);
    for (let i = 0; i < n; i++) if (!done[i]) order[placed++] = i;
  }
  return { order, blocked };
}

/** Names the cycles among the unordered nodes (Tarjan's SCCs); the rest depend on a cycle. */
function describeBlocked(doc: GraphDocument, edges: Edges, done: Uint8Array, out: Map<number, NodeProblem>): void {
  const n = doc.nodes.length;
  // Successor lists in ascending target order, each target's edges in document order: the cycle
  // a problem names is then found the same way whatever else the graph holds.
  const { at: predAt, out: pred } = groupBy(n, edges.to, edges.from);
  const succs: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    if (done[i]) continue;
    for (let e = predAt[i]; e < predAt[i + 1]; e++) if (!done[pred[e]]) succs[pred[e]].push(i);
  }
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  const name = (i: number) => doc.nodes[i].label ?? doc.nodes[i].id;
  const close = (v: number): void => {
    const comp: number[] = [];
    let w: number;
    do {
      w = stack.pop() as number;
      onStack[w] = 0;
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || succs[v].includes(v)) {
      const names = cyclePath(comp, succs).map(name);
      for (const c of comp) out.set(c, { code: 'cycle', node: doc.nodes[c].id, names });
    }
  };
  const visit = (v: number): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
  };
  // Tarjan's algorithm with its own call stack of (node, next successor to look at): a recursive
  // one overflows the JavaScript stack on a long chain of unordered nodes.
  const strong = (root: number): void => {
    const calls: [v: number, next: number][] = [[root, 0]];
    visit(root);
    while (calls.length) {
      const top = calls[calls.length - 1];
      const [v, next] = top;
      if (next < succs[v].length) {
        top[1]++;
        const w = succs[v][next];
        if (index[w] < 0) {
          visit(w);
          calls.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      calls.pop();
      if (low[v] === index[v]) close(v);
      if (calls.length) {
        const parent = calls[calls.length - 1][0];
        low[parent] = Math.min(low[parent], low[v]);
      }
    }
  };
  for (let i = 0; i < n; i++) if (!done[i] && index[i] < 0) strong(i);
  for (let i = 0; i < n; i++) if (!done[i] && !out.has(i)) out.set(i, { code: 'after-cycle', node: doc.nodes[i].id });
}

/** The shortest cycle through the component's first node (breadth-first), in edge order. */
function cyclePath(comp: number[], succs: readonly number[][]): number[] {
  const inComp = new Set(comp);
  const start = comp.reduce((m, v) => Math.min(m, v));
  const parent = new Map<number, number>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of succs[v]) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0]) as number);
        return path;
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
