import type { NodeProblem } from './problems';
import type { GraphDocument } from './schema';

export interface Ordering {
  /** Document node indices in numbering order: sources first, then ops topologically. */
  readonly order: number[];
  /** Document indices of nodes that could not be ordered, with why (on a cycle, or fed by one). */
  readonly blocked: Map<number, NodeProblem>;
}

/** A binary min-heap of node indices under a comparison; small and allocation-free per push. */
class Heap {
  private readonly items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The exam numbering f1..fn: input nodes first in document order, then operation nodes in
 * topological order, ties broken by canvas position (left to right, then top to bottom).
 * Nodes on a cycle, or downstream of one, cannot be ordered: they are reported, named.
 */
export function orderNodes(doc: GraphDocument, isSource: (i: number) => boolean, preds: readonly number[][]): Ordering {
  const n = doc.nodes.length;
  const succs: number[][] = Array.from({ length: n }, () => []);
  const indeg = new Int32Array(n);
  preds.forEach((ps, i) => {
    indeg[i] = ps.length;
    for (const p of ps) succs[p].push(i);
  });
  const pos = doc.nodes.map((nd) => nd.position);
  const less = (a: number, b: number) =>
    pos[a].x < pos[b].x || (pos[a].x === pos[b].x && (pos[a].y < pos[b].y || (pos[a].y === pos[b].y && a < b)));
  const order: number[] = [];
  const done = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (isSource(i)) order.push(i);
  const ready = new Heap(less);
  const release = (i: number) => {
    done[i] = 1;
    for (const s of succs[i]) if (--indeg[s] === 0 && !isSource(s)) ready.push(s);
  };
  for (let i = 0; i < n; i++) if (!isSource(i) && indeg[i] === 0) ready.push(i);
  for (const i of order) release(i);
  while (ready.size) {
    const i = ready.pop();
    order.push(i);
    release(i);
  }
  const blocked = new Map<number, NodeProblem>();
  if (order.length < n) describeBlocked(doc, preds, done, blocked);
  return { order, blocked };
}

/** Names the cycles among the unordered nodes (Tarjan's SCCs); the rest depend on a cycle. */
function describeBlocked(doc: GraphDocument, preds: readonly number[][], done: Uint8Array, out: Map<number, NodeProblem>): void {
  const n = doc.nodes.length;
  const succs: number[][] = Array.from({ length: n }, () => []);
  preds.forEach((ps, i) => {
    if (!done[i]) for (const p of ps) if (!done[p]) succs[p].push(i);
  });
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
