import { formatParam } from '../format/number';
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
import { buildFunctionTable, type CompiledFunction, type FunctionTable } from './functions';
import { initTensor } from '../tensor/init';
import { orderNodes } from './order';
import { PlanIndex } from './plan-index';
import { calledBy, opOf, paramsOf, spliceExpanded, wireDocument } from './wiring';
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
  /** The same wiring flat: node k's ports read inputFrom[inputAt[k] .. inputAt[k+1]) (what `inputs` is built from). */
  readonly inputAt: Int32Array;
  readonly inputFrom: Int32Array;
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
  for (let k = 0; k < n; k++) {
    const op = ops[k];
    if (op.kind !== 'elementwise') continue;
    forward[k] = op.forward;
    domain[k] = op.domain;
    d0[k] = op.derivative[op.inputs[0].name];
    if (op.inputs.length > 1) d1[k] = op.derivative[op.inputs[1].name];
  }
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

/**
 * Compiles a validated document. Never throws for graph problems: they land in `issues`.
 * An expanded call (`expanded: true`) gives way to its body's nodes, its constants and operations
 * but not its arguments (those are the caller's nodes): they take the call's place in the
 * numbering, consecutively, in the body's own order, and every later node moves up to make room.
 * Their ids are `call id/body node id`; the call's own id names the body's output.
 *
 * The hot path works on node indices in typed arrays and makes no object per node beyond what the
 * plan hands out; the per-node lists `inputs` and `consumers` are built on first read (a scalar
 * evaluation never reads them).
 */
export function compile(doc: GraphDocument, functions: FunctionTable = functionTable(doc.functions)): Plan {
  const w = wireDocument(doc, functions);
  const { order, blocked } = orderNodes(doc, w.isSource, w.edges);
  const { nodes, docOf, rank, inside, aliases, inputAt, inputFrom } = spliceExpanded(doc, w, order, blocked);
  const N = nodes.length;
  const { constants } = w;
  if (constants.length) for (let s = 0; s < inputFrom.length; s++) if (inputFrom[s] <= -2) inputFrom[s] = N - 2 - inputFrom[s];
  const ops: OpDef[] = new Array(N);
  const calls: (CompiledFunction | null)[] = new Array(N);
  const params: Params[] = new Array(N);
  const ports: (readonly PortSpec[])[] = new Array(N);
  const ids: string[] = new Array(N);
  const insideIndex = new Map<string, number>();
  const labels: string[] = new Array(N + constants.length);
  const kinds = new Uint8Array(N);
  const in0 = new Int32Array(N).fill(-1);
  const in1 = new Int32Array(N).fill(-1);
  const issues: (NodeProblem | null)[] = new Array(N).fill(null);
  const sourceValues: (Value | undefined)[] = new Array(N);
  for (let k = 0; k < N; k++) {
    const nd = nodes[k];
    const d = docOf[k];
    const op = d >= 0 ? w.ops[d] : opOf(nd, functions);
    ops[k] = op;
    calls[k] = d >= 0 ? w.calls[d] : calledBy(nd, functions);
    params[k] = withMode(doc, op, d >= 0 ? w.params[d] : paramsOf(nd, op));
    ports[k] = d >= 0 ? w.ports[d] : portsOf(op, params[k]);
    ids[k] = nd.id;
    if (d < 0) insideIndex.set(nd.id, k);
    labels[k] = nd.label ?? `f${k + 1}`;
    kinds[k] =
      op.kind === 'source' ? SOURCE : op.kind === 'tensor' ? TENSOR : op.kind === 'call' ? CALL : op.inputs.length === 1 ? UNARY : BINARY;
    const first = inputAt[k];
    const count = inputAt[k + 1] - first;
    if (count > 0) in0[k] = inputFrom[first];
    if (count > 1) in1[k] = inputFrom[first + 1];
    for (let j = 0; j < count; j++) {
      if (inputFrom[first + j] === -1 && !ports[k][j].param) {
        issues[k] = { code: 'unconnected', node: nd.id, port: ports[k][j].name };
        break;
      }
    }
    const extra = d >= 0 && w.beyond.size ? w.beyond.get(d) : undefined;
    if (extra !== undefined && op.variadic) {
      const need = Number(extra.slice(op.variadic.prefix.length)) + 1;
      const detail = `${op.type} has ${count} inputs (${op.variadic.param} ${count}) but "${extra}" is connected: set ${op.variadic.param} to ${need} or remove that edge`;
      issues[k] = opProblem(nd.id, op.type, new OpError(detail, 'param'));
    }
    const b = d >= 0 && blocked.size ? blocked.get(d) : undefined;
    if (b) issues[k] = b;
    if (op.kind === 'call' && !calls[k])
      issues[k] = { code: 'param', node: nd.id, op: 'call', detail: `no function "${op.fn}" is defined` };
    if (op.kind === 'source') {
      const size = sizeOf(valueShape(nd.value as NodeValue));
      if (size > MAX_ELEMENTS) issues[k] = { code: 'too-large', node: nd.id, elements: size };
      else sourceValues[k] = sourceValue(nd.value as NodeValue);
    }
  }
  const index = new PlanIndex(w.index, rank, ids, insideIndex, aliases);
  for (let c = 0; c < constants.length; c++) labels[N + c] = formatParam(constants[c]);

  const wiring = { nodes, ops, kinds, params, ports, inputAt, inputFrom, calls };
  const { shapes, portShapes, implicit, costs } = inferShapes(wiring, issues);
  const output = doc.output !== undefined ? (index.get(doc.output) ?? -1) : lastUnread(kinds, inputFrom);
  const reaches = reached(wiring, output);
  let scalarOnly = true;
  for (let k = 0; k < N && scalarOnly; k++) scalarOnly = kinds[k] !== TENSOR && (shapes[k] === null || shapes[k]?.length === 0);
  let inputs: number[][] | undefined;
  let consumers: { node: number; port: string; slot: number }[][] | undefined;
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
    get inputs() {
      inputs ??= inputListsOf(inputAt, inputFrom);
      return inputs;
    },
    inputAt,
    inputFrom,
    in0,
    in1,
    get consumers() {
      consumers ??= readersOf(N, ports, inputAt, inputFrom);
      return consumers;
    },
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

/** The plan's nodes and their wiring over plan indices (port constants at n + c). */
interface PlanWiring {
  readonly nodes: readonly GraphNode[];
  readonly ops: readonly OpDef[];
  readonly kinds: Uint8Array;
  readonly params: readonly Params[];
  readonly ports: readonly (readonly PortSpec[])[];
  readonly inputAt: Int32Array;
  readonly inputFrom: Int32Array;
  readonly calls: readonly (CompiledFunction | null)[];
}

/** Each node's inputs as its own array, `ports` order. */
function inputListsOf(inputAt: Int32Array, inputFrom: Int32Array): number[][] {
  const lists: number[][] = new Array(inputAt.length - 1);
  for (let k = 0; k < lists.length; k++) {
    const list: number[] = [];
    for (let s = inputAt[k]; s < inputAt[k + 1]; s++) list.push(inputFrom[s]);
    lists[k] = list;
  }
  return lists;
}

/** Who reads each node, in plan order: (consumer, port name, port position). */
function readersOf(N: number, ports: readonly (readonly PortSpec[])[], inputAt: Int32Array, inputFrom: Int32Array) {
  const readers: { node: number; port: string; slot: number }[][] = new Array(N);
  for (let k = 0; k < N; k++) readers[k] = [];
  for (let k = 0; k < N; k++) {
    for (let j = 0; j < inputAt[k + 1] - inputAt[k]; j++) {
      const src = inputFrom[inputAt[k] + j];
      if (src >= 0 && src < N) readers[src].push({ node: k, port: ports[k][j].name, slot: j });
    }
  }
  return readers;
}

/** With no chosen output: the last node nobody reads that is not a source, else the last node. */
function lastUnread(kinds: Uint8Array, inputFrom: Int32Array): number {
  const N = kinds.length;
  const read = new Uint8Array(N);
  for (let s = 0; s < inputFrom.length; s++) if (inputFrom[s] >= 0 && inputFrom[s] < N) read[inputFrom[s]] = 1;
  for (let k = N - 1; k >= 0; k--) if (!read[k] && kinds[k] !== SOURCE) return k;
  return N - 1;
}

/** 1 for the output and its ancestors through the ports that carry a gradient (a loss's class-index target gets none, as in torch). */
function reached({ ops, params, ports, inputAt, inputFrom }: PlanWiring, output: number): Uint8Array {
  const N = ops.length;
  const reaches = new Uint8Array(N);
  if (output < 0) return reaches;
  reaches[output] = 1;
  for (let k = output; k >= 0; k--) {
    if (!reaches[k]) continue;
    const op = ops[k];
    const noGrad = op.kind === 'tensor' ? op.indexPorts?.(params[k]) : undefined;
    for (let j = 0; j < inputAt[k + 1] - inputAt[k]; j++) {
      const src = inputFrom[inputAt[k] + j];
      if (src >= 0 && src < N && !noGrad?.includes(ports[k][j].name)) reaches[src] = 1;
    }
  }
  return reaches;
}

/** Propagates shapes through the graph without touching values; a mismatch becomes the node's issue. */
function inferShapes(
  { nodes, ops, kinds, params, ports: nodePorts, inputAt, inputFrom, calls }: PlanWiring,
  issues: (NodeProblem | null)[],
) {
  const N = nodes.length;
  const shapes: (Shape | null)[] = new Array(N).fill(null);
  const portShapes: (Record<string, Shape> | null)[] = new Array(N).fill(null);
  const implicit: (Record<string, ImplicitParam> | null)[] = new Array(N).fill(null);
  const costs: (Cost | null)[] = new Array(N).fill(null);
  // Port constants (plan indices N and up) are scalars.
  const shapeOf = (src: number): Shape | null => (src >= N ? SCALAR : shapes[src]);
  for (let k = 0; k < N; k++) {
    const op = ops[k];
    if (kinds[k] === SOURCE) {
      shapes[k] = valueShape(nodes[k].value as NodeValue);
      continue;
    }
    if (issues[k]) continue;
    const first = inputAt[k];
    const count = inputAt[k + 1] - first;
    let upstream = -1;
    for (let j = 0; j < count && upstream < 0; j++)
      if (inputFrom[first + j] >= 0 && shapeOf(inputFrom[first + j]) === null) upstream = inputFrom[first + j];
    if (upstream >= 0) {
      issues[k] = { code: 'upstream', node: nodes[k].id, source: nodes[upstream].id };
      continue;
    }
    if (op.kind === 'elementwise') {
      const a = shapeOf(inputFrom[first]) as Shape;
      const b = count > 1 ? (shapeOf(inputFrom[first + 1]) as Shape) : undefined;
      if (a.length === 0 && (!b || b.length === 0)) {
        shapes[k] = SCALAR;
        costs[k] = ELEMENTWISE_SCALAR_COST;
        continue;
      }
    }
    const srcs = Array.from(inputFrom.subarray(first, first + count));
    const call = calls[k];
    if (op.kind === 'call' && call) {
      // The body is elementwise: its arguments broadcast against each other, those it reads at least.
      try {
        const used = srcs.filter((_s, j) => call.plan.reaches[call.args[j]]).map((s) => shapeOf(s) as Shape);
        shapes[k] = used.reduce((x, y) => broadcastShapes(x, y), SCALAR);
        portShapes[k] = Object.fromEntries(op.inputs.map((p, j) => [p.name, shapeOf(srcs[j]) as Shape]));
      } catch (e) {
        if (!(e instanceof OpError)) throw e;
        issues[k] = opProblem(nodes[k].id, op.type, e);
        continue;
      }
      const bodyMacs = call.plan.costs.reduce((sum, c) => sum + (c?.macs ?? 0), 0);
      costs[k] = { params: 0, macs: bodyMacs * sizeOf(shapes[k] as Shape) };
      continue;
    }
    const ports: Record<string, Shape> = {};
    nodePorts[k].forEach((p, j) => {
      if (srcs[j] >= 0) ports[p.name] = shapeOf(srcs[j]) as Shape;
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
  return { shapes, portShapes, implicit, costs };
}
