import { defaultParams, getOp } from '../ops/registry';
import { portsOf, type OpDef, type Params, type PortSpec } from '../ops/types';
import { callOp, type CompiledFunction, type FunctionTable } from './functions';
import type { Edges } from './order';
import type { GraphDocument, GraphNode } from './schema';

/** The function a call node names, if the document defines it. */
export const calledBy = (nd: GraphNode, functions: FunctionTable): CompiledFunction | null =>
  nd.op === 'call' ? (functions.get(String(nd.params?.fn)) ?? null) : null;

/** A node's op: the registry's, or the call op of the function it names (one without ports when undefined). */
export const opOf = (nd: GraphNode, functions: FunctionTable): OpDef =>
  nd.op === 'call'
    ? (calledBy(nd, functions)?.op ?? callOp({ name: String(nd.params?.fn ?? ''), args: [], body: '' }))
    : (getOp(nd.op) as OpDef);

/** A node's parameters: its op's defaults overridden by its own (the defaults object itself when it has none). */
export const paramsOf = (nd: GraphNode, op: OpDef): Params =>
  nd.params ? ({ ...defaultParams(op), ...nd.params } as Params) : defaultParams(op);

const slotOf = (ports: readonly PortSpec[], name: string): number => {
  for (let j = 0; j < ports.length; j++) if (ports[j].name === name) return j;
  return -1;
};

/**
 * A document's nodes and edges over document indices, in flat arrays: node i's input ports are the
 * slots portAt[i] .. portAt[i+1] of `from`, each the document index of the node feeding it, -1 when
 * unconnected, or -2 - c for the port constant `constants[c]`.
 */
export interface Wiring {
  /** Document index by node id: the one Map from strings the compile builds. */
  readonly index: ReadonlyMap<string, number>;
  readonly ops: readonly OpDef[];
  readonly calls: readonly (CompiledFunction | null)[];
  readonly params: readonly Params[];
  readonly ports: readonly (readonly PortSpec[])[];
  readonly portAt: Int32Array;
  readonly from: Int32Array;
  readonly constants: number[];
  /** An edge to a variadic port beyond the node's count (x2 of a concat lowered to 2 inputs): kept, and reported. */
  readonly beyond: ReadonlyMap<number, string>;
  readonly edges: Edges;
  readonly isSource: Uint8Array;
}

/** Resolves every id once (one Map), then works on indices. */
export function wireDocument(doc: GraphDocument, functions: FunctionTable): Wiring {
  const n = doc.nodes.length;
  const index = new Map<string, number>();
  const ops: OpDef[] = new Array(n);
  const calls: (CompiledFunction | null)[] = new Array(n);
  const params: Params[] = new Array(n);
  const ports: (readonly PortSpec[])[] = new Array(n);
  const portAt = new Int32Array(n + 1);
  const isSource = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const nd = doc.nodes[i];
    index.set(nd.id, i);
    const call = calledBy(nd, functions);
    const op = call?.op ?? opOf(nd, functions);
    calls[i] = call;
    ops[i] = op;
    params[i] = paramsOf(nd, op);
    ports[i] = portsOf(op, params[i]);
    portAt[i + 1] = portAt[i] + ports[i].length;
    isSource[i] = op.kind === 'source' ? 1 : 0;
  }
  const from = new Int32Array(portAt[n]).fill(-1);
  const constants: number[] = [];
  for (let i = 0; i < n; i++) {
    const own = doc.nodes[i].constants;
    if (!own) continue;
    for (const [port, v] of Object.entries(own)) {
      const slot = slotOf(ports[i], port);
      if (slot >= 0) from[portAt[i] + slot] = -2 - (constants.push(v) - 1);
    }
  }
  const m = doc.edges.length;
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  const beyond = new Map<number, string>();
  for (let e = 0; e < m; e++) {
    const edge = doc.edges[e];
    const s = index.get(edge.source) as number;
    const t = index.get(edge.target) as number;
    source[e] = s;
    target[e] = t;
    const slot = slotOf(ports[t], edge.port);
    // A call of an undefined function has no ports (its node reports that); a variadic op's port beyond its count is reported.
    if (slot < 0) beyond.set(t, edge.port);
    else from[portAt[t] + slot] = s;
  }
  return { index, ops, calls, params, ports, portAt, from, constants, beyond, edges: { from: source, to: target }, isSource };
}

/** The plan's nodes in numbering order, and their wiring over plan indices (port constants still -2 - c). */
export interface Spliced {
  readonly nodes: GraphNode[];
  /** The document index of each plan node; -1 for a node of an expanded call's body. */
  readonly docOf: Int32Array;
  /** The plan index of each document node (an expanded call's: its body's output). */
  readonly rank: Int32Array;
  /** For a node of an expanded call's body, the id of the call node; null elsewhere. */
  readonly inside: (string | null)[];
  /** An expanded call's id, standing for its body's output. */
  readonly aliases: Map<string, number>;
  readonly inputAt: Int32Array;
  readonly inputFrom: Int32Array;
}

/** Whether document node d is a call that gives way to its body's nodes. */
function expands(w: Wiring, nd: GraphNode, d: number, blocked: ReadonlyMap<number, unknown>): boolean {
  const fn = w.calls[d];
  if (!nd.expanded) return false;
  // A body that is one of its arguments (`f(u) = u`) has no node of its own to stand for the call;
  // a call missing an argument stays one node, which says so.
  if (!fn || blocked.has(d) || fn.args.includes(fn.plan.output)) return false;
  for (let s = w.portAt[d]; s < w.portAt[d + 1]; s++) if (w.from[s] === -1) return false;
  return true;
}

/**
 * The nodes in numbering order with their wiring as plan indices, each expanded call replaced by
 * its body's nodes (see compile).
 */
export function spliceExpanded(doc: GraphDocument, w: Wiring, order: Int32Array, blocked: ReadonlyMap<number, unknown>): Spliced {
  // How many plan nodes each document node becomes (a body's nodes but its arguments), so every array is allocated once.
  let N = order.length;
  const opens = new Uint8Array(order.length);
  for (let d = 0; d < order.length; d++) {
    const fn = w.calls[d];
    if (fn && expands(w, doc.nodes[d], d, blocked)) {
      opens[d] = 1;
      N += fn.plan.n - fn.args.length - 1;
    }
  }
  const nodes: GraphNode[] = new Array(N);
  const docOf = new Int32Array(N);
  const inside: (string | null)[] = new Array(N).fill(null);
  const rank = new Int32Array(doc.nodes.length);
  const bodies: { d: number; fn: CompiledFunction; at: Int32Array }[] = [];
  // Ids in use, gathered only once a call expands (most documents have none).
  let taken: Set<string> | null = null;
  const aliases = new Map<string, number>();
  let k = 0;
  for (let o = 0; o < order.length; o++) {
    const d = order[o];
    const nd = doc.nodes[d];
    if (!opens[d]) {
      rank[d] = k;
      nodes[k] = nd;
      docOf[k++] = d;
      continue;
    }
    const fn = w.calls[d] as CompiledFunction;
    taken ??= new Set(doc.nodes.map((x) => x.id));
    const at = new Int32Array(fn.plan.n).fill(-1);
    // The body as laid out on its own, moved so that its first node sits where the call was.
    const own = fn.plan.nodes.filter((_n, j) => !fn.args.includes(j));
    const origin = { x: Math.min(...own.map((x) => x.position.x)), y: fn.plan.nodes[fn.plan.output].position.y };
    fn.plan.nodes.forEach((inner, j) => {
      if (fn.args.includes(j)) return;
      let id = `${nd.id}/${inner.id}`;
      while (taken?.has(id)) id += "'";
      taken?.add(id);
      at[j] = k;
      nodes[k] = {
        ...inner,
        id,
        position: { x: nd.position.x + inner.position.x - origin.x, y: nd.position.y + inner.position.y - origin.y },
      };
      docOf[k] = -1;
      inside[k++] = nd.id;
    });
    rank[d] = at[fn.plan.output];
    aliases.set(nd.id, rank[d]);
    bodies.push({ d, fn, at });
  }
  const inputAt = new Int32Array(N + 1);
  for (let k = 0; k < N; k++) {
    const d = docOf[k];
    inputAt[k + 1] = d >= 0 ? w.portAt[d + 1] - w.portAt[d] : 0;
  }
  for (const { fn, at } of bodies) fn.plan.inputs.forEach((srcs, j) => at[j] >= 0 && (inputAt[at[j] + 1] = srcs.length));
  for (let k = 0; k < N; k++) inputAt[k + 1] += inputAt[k];
  const inputFrom = new Int32Array(inputAt[N]);
  for (let k = 0; k < N; k++) {
    const d = docOf[k];
    if (d < 0) continue;
    for (let s = w.portAt[d], t = inputAt[k]; s < w.portAt[d + 1]; s++, t++) {
      const src = w.from[s];
      inputFrom[t] = src >= 0 ? rank[src] : src;
    }
  }
  for (const { d, fn, at } of bodies) {
    fn.plan.inputs.forEach((srcs, j) => {
      if (at[j] < 0) return;
      srcs.forEach((src, p) => {
        const arg = fn.args.indexOf(src);
        const outer = arg < 0 ? -1 : w.from[w.portAt[d] + arg];
        inputFrom[inputAt[at[j]] + p] = arg < 0 ? (src >= 0 ? at[src] : -1) : outer >= 0 ? rank[outer] : outer;
      });
    });
  }
  return { nodes, docOf, rank, inside, aliases, inputAt, inputFrom };
}
