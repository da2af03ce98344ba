import { formatParam } from '../format/number';
import { defaultParams, getOp } from '../ops/registry';
import {
  OpError,
  portsOf,
  type Cost,
  type ImplicitParam,
  type LocalDerivative,
  type OpDef,
  type Params,
  type PortSpec,
} from '../ops/types';
import { broadcastShapes } from './broadcast';
import { buildFunctionTable, callOp, type CompiledFunction, type FunctionTable } from './functions';
import { initTensor } from '../tensor/init';
import { orderNodes } from './order';
import type { NodeLabels, NodeProblem } from './problems';
import type { FunctionDef, GraphDocument, GraphNode, NodeValue } from './schema';
import { sizeOf, type Shape, type Value } from '../tensor/tensor';

/** Tensors larger than this are not materialised (a 4096 × 25088 layer would need 800 MB); shapes and costs still are. */
export const MAX_ELEMENTS = 1 << 24;

/** Node kinds of the plan, so the hot loops branch on a small integer. */
export const SOURCE = 0;
export const UNARY = 1;
export const BINARY = 2;
export const TENSOR = 3;
/** A collapsed call of a user-defined function: the engine runs its body's plan. */
export const CALL = 4;

/**
 * A document compiled for evaluation: nodes in numbering order (plan index k is f_{k+1}),
 * wiring as index arrays, static shapes, costs and the problems found before running anything.
 */
export interface Plan {
  readonly doc: GraphDocument;
  readonly n: number;
  readonly nodes: readonly GraphNode[];
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly ops: readonly OpDef[];
  readonly kinds: Uint8Array;
  readonly params: readonly Params[];
  /** Each node's input ports: its op's, or as many as a variadic op's count parameter says (concat's x0..x{n-1}). */
  readonly ports: readonly (readonly PortSpec[])[];
  /** f_i, or the user's label; then each port constant's number as written (plan index n + c), for the step trace. */
  readonly labels: readonly string[];
  /**
   * Plan index of the node feeding each port (`ports` order); -1 when unconnected; n + c for the
   * port constant `constants[c]`, so that value arrays of length n + constants.length read it like a node.
   */
  readonly inputs: readonly (readonly number[])[];
  readonly in0: Int32Array;
  readonly in1: Int32Array;
  /** Who reads each node: (consumer, port name, port position) triples. */
  readonly consumers: readonly (readonly { node: number; port: string; slot: number }[])[];
  /** Output shapes; null where unknown (the node or one upstream is invalid). */
  readonly shapes: readonly (Shape | null)[];
  /** Shapes of every port, implicit parameter ports included (null where unknown). */
  readonly portShapes: readonly (Readonly<Record<string, Shape>> | null)[];
  /** The tensors an op owns because its parameter port is unconnected. */
  readonly implicit: readonly (Readonly<Record<string, ImplicitParam>> | null)[];
  readonly costs: readonly (Cost | null)[];
  /** Problems found without evaluating: cycles, unconnected inputs, shape mismatches. */
  readonly issues: readonly (NodeProblem | null)[];
  /** The numbers typed into ports (a node's `constants`): plan index n + c reads constants[c]. Never numbered, no gradient. */
  readonly constants: readonly number[];
  /** Values of the source nodes (initializers already run). */
  readonly sourceValues: readonly (Value | undefined)[];
  /** Plan index of the output node, or -1. */
  readonly output: number;
  /** 1 where the node is an ancestor of the output (or the output): those get gradients. */
  readonly reaches: Uint8Array;
  /** Every node is a scalar: evaluation runs on a Float64Array. */
  readonly scalarOnly: boolean;
  /** The scalar kernels per node, looked up once here rather than on every evaluation. */
  readonly kernels: ScalarKernels;
  /** The function each collapsed call node runs; null elsewhere (and for a call of an undefined function). */
  readonly calls: readonly (CompiledFunction | null)[];
  /** For a node of an expanded call's body, the id of the call node; null elsewhere. */
  readonly inside: readonly (string | null)[];
  /** The document's functions, each body compiled once. */
  readonly functions: FunctionTable;
}

export interface ScalarKernels {
  readonly forward: readonly ((a: number, b: number, p: Params) => number)[];
  readonly d0: readonly LocalDerivative[];
  readonly d1: readonly LocalDerivative[];
  /** Domain checks, only for ops that have one (log, sqrt, div, ...). */
  readonly domain: readonly (((a: number, b: number, p: Params) => string | null) | undefined)[];
}

function scalarKernels(ops: readonly OpDef[]): ScalarKernels {
  const n = ops.length;
  const forward: ScalarKernels['forward'][number][] = new Array(n);
  const d0: LocalDerivative[] = new Array(n);
  const d1: LocalDerivative[] = new Array(n);
  const domain: ScalarKernels['domain'][number][] = new Array(n);
  ops.forEach((op, k) => {
    if (op.kind !== 'elementwise') return;
    forward[k] = op.forward;
    domain[k] = op.domain;
    d0[k] = op.derivative[op.inputs[0].name];
    if (op.inputs.length > 1) d1[k] = op.derivative[op.inputs[1].name];
  });
  return { forward, d0, d1, domain };
}

/** The value a source node holds, materialised (an initializer is run with its seed). */
export function sourceValue(v: NodeValue): Value {
  if (typeof v === 'number') return v;
  if ('data' in v) return v.shape.length === 0 ? v.data[0] : { shape: [...v.shape], data: Float64Array.from(v.data) };
  const t = initTensor(v.shape, v.init, v.seed ?? 0, v.scale);
  return v.shape.length === 0 ? t.data[0] : t;
}

const SCALAR: Shape = Object.freeze([]);
const ELEMENTWISE_SCALAR_COST: Cost = Object.freeze({ params: 0, macs: 1 });

const valueShape = (v: NodeValue): Shape => (typeof v === 'number' ? SCALAR : v.shape);

/** An op's parameters with the document's train/eval switch added as `training`, for the ops that read it (dropout). */
const withMode = (doc: GraphDocument, op: OpDef, p: Params): Params =>
  op.kind === 'tensor' && op.readsMode ? { ...p, training: doc.mode === 'train' } : p;

/** The plan's names by node id, for wording its problems (an id it does not know stands for itself). */
export const labelsOf =
  (plan: Plan): NodeLabels =>
  (id) => {
    const k = plan.index.get(id);
    return k === undefined ? id : plan.labels[k];
  };

/** The problem an op's OpError reports for node `node`. */
export const opProblem = (node: string, op: string, e: OpError): NodeProblem => ({ code: e.code, node, op, detail: e.message });

const NO_FUNCTIONS: FunctionTable = new Map();
const tables = new WeakMap<readonly FunctionDef[], FunctionTable>();

/** The document's functions compiled, once per `functions` array (documents are immutable). */
function functionTable(defs: readonly FunctionDef[] | undefined): FunctionTable {
  if (!defs?.length) return NO_FUNCTIONS;
  let table = tables.get(defs);
  if (!table) {
    table = buildFunctionTable(defs, compile);
    tables.set(defs, table);
  }
  return table;
}

/** The function a call node names, if the document defines it. */
const calledBy = (nd: GraphNode, functions: FunctionTable): CompiledFunction | null =>
  nd.op === 'call' ? (functions.get(String(nd.params?.fn)) ?? null) : null;

/** A node's op: the registry's, or the call op of the function it names (one without ports when undefined). */
const opOf = (nd: GraphNode, functions: FunctionTable): OpDef =>
  nd.op === 'call'
    ? (calledBy(nd, functions)?.op ?? callOp({ name: String(nd.params?.fn ?? ''), args: [], body: '' }))
    : (getOp(nd.op) as OpDef);

/**
 * Compiles a validated document. Never throws for graph problems: they land in `issues`.
 * An expanded call (`expanded: true`) gives way to its body's nodes, its constants and operations
 * but not its arguments (those are the caller's nodes): they take the call's place in the
 * numbering, consecutively, in the body's own order, and every later node moves up to make room.
 * Their ids are `call id/body node id`; the call's own id names the body's output.
 */
export function compile(doc: GraphDocument, functions: FunctionTable = functionTable(doc.functions)): Plan {
  const docIndex = new Map(doc.nodes.map((nd, i) => [nd.id, i]));
  const docCalls = doc.nodes.map((nd) => calledBy(nd, functions));
  const docOps = doc.nodes.map((nd) => opOf(nd, functions));
  const docParams = doc.nodes.map((nd, i) =>
    nd.params ? ({ ...defaultParams(docOps[i]), ...nd.params } as Params) : defaultParams(docOps[i]),
  );
  const docPorts = docOps.map((op, i) => portsOf(op, docParams[i]));
  const docInputs = docPorts.map((ports) => new Array<number>(ports.length).fill(-1));
  const constants: number[] = [];
  // A port constant is written -2 - c until the plan's size is known (see relinkConstants).
  doc.nodes.forEach((nd, i) => {
    for (const [port, v] of Object.entries(nd.constants ?? {})) {
      const slot = docPorts[i].findIndex((p) => p.name === port);
      if (slot >= 0) docInputs[i][slot] = -2 - (constants.push(v) - 1);
    }
  });
  const preds: number[][] = doc.nodes.map(() => []);
  // An edge to a variadic port beyond the node's count (x2 of a concat lowered to 2 inputs) is kept, and reported.
  const beyond = new Map<number, string>();
  for (const e of doc.edges) {
    const s = docIndex.get(e.source) as number;
    const t = docIndex.get(e.target) as number;
    const slot = docPorts[t].findIndex((p) => p.name === e.port);
    // A call of an undefined function has no ports (its node reports that); a variadic op's port beyond its count is reported below.
    if (slot < 0) beyond.set(t, e.port);
    else docInputs[t][slot] = s;
    preds[t].push(s);
  }
  const { order, blocked } = orderNodes(doc, (i) => docOps[i].kind === 'source', preds);
  const rest = doc.nodes.map((_, i) => i).filter((i) => blocked.has(i));
  const { nodes, inputs, inside, aliases } = spliceExpanded(doc, [...order, ...rest], docCalls, docInputs, blocked);
  const N = nodes.length;
  for (const srcs of inputs) for (let j = 0; j < srcs.length; j++) if (srcs[j] <= -2) srcs[j] = N - 2 - srcs[j];
  const ops = nodes.map((nd) => opOf(nd, functions));
  const calls = nodes.map((nd) => calledBy(nd, functions));
  const ids = nodes.map((nd) => nd.id);
  const index = new Map(ids.map((id, k) => [id, k]));
  for (const [id, k] of aliases) index.set(id, k);
  const kinds = new Uint8Array(N);
  const params = nodes.map((nd, k) =>
    withMode(doc, ops[k], nd.params ? ({ ...defaultParams(ops[k]), ...nd.params } as Params) : defaultParams(ops[k])),
  );
  const ports = ops.map((op, k) => portsOf(op, params[k]));
  const labels = [...nodes.map((nd, k) => nd.label ?? `f${k + 1}`), ...constants.map(formatParam)];
  const in0 = new Int32Array(N).fill(-1);
  const in1 = new Int32Array(N).fill(-1);
  const consumers: { node: number; port: string; slot: number }[][] = nodes.map(() => []);
  const issues: (NodeProblem | null)[] = nodes.map(() => null);
  const sourceValues: (Value | undefined)[] = new Array(N);

  for (let k = 0; k < N; k++) {
    const op = ops[k];
    kinds[k] =
      op.kind === 'source' ? SOURCE : op.kind === 'tensor' ? TENSOR : op.kind === 'call' ? CALL : op.inputs.length === 1 ? UNARY : BINARY;
    in0[k] = inputs[k][0] ?? -1;
    in1[k] = inputs[k][1] ?? -1;
    for (let j = 0; j < ports[k].length; j++) {
      const src = inputs[k][j];
      const port = ports[k][j];
      if (src >= N) continue;
      if (src >= 0) consumers[src].push({ node: k, port: port.name, slot: j });
      else if (!port.param) issues[k] ??= { code: 'unconnected', node: ids[k], port: port.name };
    }
    const extra = inside[k] === null ? beyond.get(docIndex.get(ids[k]) as number) : undefined;
    if (extra !== undefined && op.variadic) {
      const need = Number(extra.slice(op.variadic.prefix.length)) + 1;
      const detail = `${op.type} has ${ports[k].length} inputs (${op.variadic.param} ${ports[k].length}) but "${extra}" is connected: set ${op.variadic.param} to ${need} or remove that edge`;
      issues[k] = opProblem(ids[k], op.type, new OpError(detail, 'param'));
    }
    const b = inside[k] === null ? blocked.get(docIndex.get(ids[k]) as number) : undefined;
    if (b) issues[k] = b;
    if (op.kind === 'call' && !calls[k])
      issues[k] = { code: 'param', node: ids[k], op: 'call', detail: `no function "${op.fn}" is defined` };
    if (op.kind === 'source') {
      const size = sizeOf(valueShape(nodes[k].value as NodeValue));
      if (size > MAX_ELEMENTS) issues[k] = { code: 'too-large', node: ids[k], elements: size };
      else sourceValues[k] = sourceValue(nodes[k].value as NodeValue);
    }
  }

  const { shapes, portShapes, implicit, costs } = inferShapes(nodes, ops, ports, kinds, params, inputs, issues, calls, constants.length);
  const output = pickOutput(doc, index, consumers, kinds);
  const reaches = new Uint8Array(N);
  if (output >= 0) {
    reaches[output] = 1;
    // Through the ports that carry a gradient: a loss's class-index target gets none, as in torch.
    for (let k = output; k >= 0; k--) {
      if (!reaches[k]) continue;
      const op = ops[k];
      const noGrad = op.kind === 'tensor' ? (op.indexPorts?.(params[k]) ?? []) : [];
      ports[k].forEach((port, j) => {
        if (inputs[k][j] >= 0 && !noGrad.includes(port.name)) reaches[inputs[k][j]] = 1;
      });
    }
  }
  const scalarOnly = kinds.every((kd) => kd !== TENSOR) && shapes.every((s) => s === null || s.length === 0);
  return {
    doc,
    n: N,
    nodes,
    ids,
    index,
    ops,
    kinds,
    params,
    ports,
    labels,
    inputs,
    in0,
    in1,
    consumers,
    shapes,
    portShapes,
    implicit,
    costs,
    issues,
    constants,
    sourceValues,
    output,
    reaches,
    scalarOnly,
    kernels: scalarKernels(ops),
    calls,
    inside,
    functions,
  };
}

/**
 * The nodes in numbering order with their wiring as plan indices, each expanded call replaced by
 * its body's nodes (see {@link compile}). `aliases` maps an expanded call's id to its body's output.
 */
function spliceExpanded(
  doc: GraphDocument,
  order: readonly number[],
  docCalls: readonly (CompiledFunction | null)[],
  docInputs: readonly (readonly number[])[],
  blocked: ReadonlyMap<number, unknown>,
) {
  const nodes: GraphNode[] = [];
  const inside: (string | null)[] = [];
  const rank = new Int32Array(doc.nodes.length);
  const bodies: { d: number; fn: CompiledFunction; at: Int32Array }[] = [];
  const taken = new Set(doc.nodes.map((nd) => nd.id));
  const aliases = new Map<string, number>();
  for (const d of order) {
    const nd = doc.nodes[d];
    const fn = docCalls[d];
    // A body that is one of its arguments (`f(u) = u`) has no node of its own to stand for the call;
    // a call missing an argument stays one node, which says so.
    if (!fn || !nd.expanded || blocked.has(d) || fn.args.includes(fn.plan.output) || docInputs[d].includes(-1)) {
      rank[d] = nodes.length;
      nodes.push(nd);
      inside.push(null);
      continue;
    }
    const at = new Int32Array(fn.plan.n).fill(-1);
    // The body as laid out on its own, moved so that its first node sits where the call was.
    const own = fn.plan.nodes.filter((_n, j) => !fn.args.includes(j));
    const origin = { x: Math.min(...own.map((n) => n.position.x)), y: fn.plan.nodes[fn.plan.output].position.y };
    fn.plan.nodes.forEach((inner, j) => {
      if (fn.args.includes(j)) return;
      let id = `${nd.id}/${inner.id}`;
      while (taken.has(id)) id += "'";
      taken.add(id);
      at[j] = nodes.length;
      nodes.push({
        ...inner,
        id,
        position: { x: nd.position.x + inner.position.x - origin.x, y: nd.position.y + inner.position.y - origin.y },
      });
      inside.push(nd.id);
    });
    rank[d] = at[fn.plan.output];
    aliases.set(nd.id, rank[d]);
    bodies.push({ d, fn, at });
  }
  const inputs: number[][] = new Array(nodes.length);
  order.forEach((d) => {
    if (!aliases.has(doc.nodes[d].id)) inputs[rank[d]] = docInputs[d].map((src) => (src >= 0 ? rank[src] : src));
  });
  for (const { d, fn, at } of bodies) {
    fn.plan.inputs.forEach((srcs, j) => {
      if (at[j] < 0) return;
      inputs[at[j]] = srcs.map((src) => {
        const arg = fn.args.indexOf(src);
        if (arg < 0) return src >= 0 ? at[src] : -1;
        const outer = docInputs[d][arg];
        return outer >= 0 ? rank[outer] : outer;
      });
    });
  }
  return { nodes, inputs, inside, aliases };
}

/** The chosen output, else the last node nobody reads. */
function pickOutput(doc: GraphDocument, index: ReadonlyMap<string, number>, consumers: readonly unknown[][], kinds: Uint8Array): number {
  if (doc.output !== undefined) return index.get(doc.output) ?? -1;
  for (let k = consumers.length - 1; k >= 0; k--) if (consumers[k].length === 0 && kinds[k] !== SOURCE) return k;
  return consumers.length - 1;
}

/** Propagates shapes through the graph without touching values; a mismatch becomes the node's issue. */
function inferShapes(
  nodes: readonly GraphNode[],
  ops: readonly OpDef[],
  nodePorts: readonly (readonly PortSpec[])[],
  kinds: Uint8Array,
  params: readonly Params[],
  inputs: readonly (readonly number[])[],
  issues: (NodeProblem | null)[],
  calls: readonly (CompiledFunction | null)[],
  constantCount: number,
) {
  const N = nodes.length;
  // Port constants are scalars, at plan indices N and up.
  const shapes: (Shape | null)[] = [...new Array<null>(N).fill(null), ...new Array<Shape>(constantCount).fill(SCALAR)];
  const portShapes: (Record<string, Shape> | null)[] = new Array(N).fill(null);
  const implicit: (Record<string, ImplicitParam> | null)[] = new Array(N).fill(null);
  const costs: (Cost | null)[] = new Array(N).fill(null);
  for (let k = 0; k < N; k++) {
    const op = ops[k];
    if (kinds[k] === SOURCE) {
      shapes[k] = valueShape(nodes[k].value as NodeValue);
      continue;
    }
    if (issues[k]) continue;
    const srcs = inputs[k];
    const upstream = srcs.find((src) => src >= 0 && shapes[src] === null);
    if (upstream !== undefined) {
      issues[k] = { code: 'upstream', node: nodes[k].id, source: nodes[upstream].id };
      continue;
    }
    const call = calls[k];
    if (op.kind === 'call' && call) {
      // The body is elementwise: its arguments broadcast against each other, those it reads at least.
      try {
        const used = srcs.filter((_s, j) => call.plan.reaches[call.args[j]]).map((s) => shapes[s] as Shape);
        shapes[k] = used.reduce((a, b) => broadcastShapes(a, b), SCALAR);
        portShapes[k] = Object.fromEntries(op.inputs.map((p, j) => [p.name, shapes[srcs[j]] as Shape]));
      } catch (e) {
        if (!(e instanceof OpError)) throw e;
        issues[k] = opProblem(nodes[k].id, op.type, e);
        continue;
      }
      const bodyMacs = call.plan.costs.reduce((sum, c) => sum + (c?.macs ?? 0), 0);
      costs[k] = { params: 0, macs: bodyMacs * sizeOf(shapes[k] as Shape) };
      continue;
    }
    if (op.kind === 'elementwise') {
      const a = shapes[srcs[0]] as Shape;
      const b = srcs.length > 1 ? (shapes[srcs[1]] as Shape) : undefined;
      if (a.length === 0 && (!b || b.length === 0)) {
        shapes[k] = SCALAR;
        costs[k] = ELEMENTWISE_SCALAR_COST;
        continue;
      }
    }
    const ports: Record<string, Shape> = {};
    nodePorts[k].forEach((p, j) => {
      if (srcs[j] >= 0) ports[p.name] = shapes[srcs[j]] as Shape;
    });
    try {
      if (op.kind === 'tensor') {
        const own: Record<string, ImplicitParam> = {};
        for (const p of nodePorts[k]) {
          if (!p.param || ports[p.name]) continue;
          const imp = op.implicit?.(p.name, ports, params[k]);
          if (imp) own[p.name] = imp;
        }
        for (const [name, imp] of Object.entries(own)) ports[name] = imp.shape;
        const out = op.shape(ports, params[k]);
        implicit[k] = Object.keys(own).length ? own : null;
        shapes[k] = out;
        costs[k] = op.cost?.(ports, out, params[k]) ?? null;
      } else if (op.kind === 'elementwise') {
        const [a, b] = op.inputs.map((p) => ports[p.name]);
        shapes[k] = b ? broadcastShapes(a, b) : a;
        costs[k] = { params: 0, macs: sizeOf(shapes[k] as Shape) };
      }
      portShapes[k] = ports;
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      issues[k] = opProblem(nodes[k].id, op.type, e);
    }
  }
  return { shapes: shapes.slice(0, N), portShapes, implicit, costs };
}
