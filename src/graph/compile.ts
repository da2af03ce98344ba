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
import { initTensor } from '../tensor/init';
import { orderNodes } from './order';
import type { NodeLabels, NodeProblem } from './problems';
import type { GraphDocument, GraphNode, NodeValue } from './schema';
import { sizeOf, type Shape, type Value } from '../tensor/tensor';

/** Tensors larger than this are not materialised (a 4096 × 25088 layer would need 800 MB); shapes and costs still are. */
export const MAX_ELEMENTS = 1 << 24;

/** Node kinds of the plan, so the hot loops branch on a small integer. */
export const SOURCE = 0;
export const UNARY = 1;
export const BINARY = 2;
export const TENSOR = 3;

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
  /** f_i, or the user's label. */
  readonly labels: readonly string[];
  /** Plan index of the node feeding each port (`ports` order); -1 when unconnected. */
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

/** The plan's names by node id, for wording its problems (an id it does not know stands for itself). */
export const labelsOf =
  (plan: Plan): NodeLabels =>
  (id) => {
    const k = plan.index.get(id);
    return k === undefined ? id : plan.labels[k];
  };

/** The problem an op's OpError reports for node `node`. */
export const opProblem = (node: string, op: string, e: OpError): NodeProblem => ({ code: e.code, node, op, detail: e.message });

/** Compiles a validated document. Never throws for graph problems: they land in `issues`. */
export function compile(doc: GraphDocument): Plan {
  const N = doc.nodes.length;
  const docIndex = new Map(doc.nodes.map((nd, i) => [nd.id, i]));
  const docOps = doc.nodes.map((nd) => getOp(nd.op) as OpDef);
  const docParams = doc.nodes.map((nd, i) =>
    nd.params ? ({ ...defaultParams(docOps[i]), ...nd.params } as Params) : defaultParams(docOps[i]),
  );
  const docPorts = docOps.map((op, i) => portsOf(op, docParams[i]));
  const docInputs = docPorts.map((ports) => new Array<number>(ports.length).fill(-1));
  const preds: number[][] = doc.nodes.map(() => []);
  // An edge to a variadic port beyond the node's count (x2 of a concat lowered to 2 inputs) is kept, and reported.
  const beyond = new Map<number, string>();
  for (const e of doc.edges) {
    const s = docIndex.get(e.source) as number;
    const t = docIndex.get(e.target) as number;
    const slot = docPorts[t].findIndex((p) => p.name === e.port);
    if (slot < 0) beyond.set(t, e.port);
    else docInputs[t][slot] = s;
    preds[t].push(s);
  }
  const { order, blocked } = orderNodes(doc, (i) => docOps[i].kind === 'source', preds);
  const rest = doc.nodes.map((_, i) => i).filter((i) => blocked.has(i));
  const all = [...order, ...rest];
  const rank = new Int32Array(N);
  all.forEach((d, k) => (rank[d] = k));

  const nodes = all.map((d) => doc.nodes[d]);
  const ops = all.map((d) => docOps[d]);
  const ids = nodes.map((nd) => nd.id);
  const index = new Map(ids.map((id, k) => [id, k]));
  const kinds = new Uint8Array(N);
  const params = all.map((d) => docParams[d]);
  const ports = all.map((d) => docPorts[d]);
  const labels = nodes.map((nd, k) => nd.label ?? `f${k + 1}`);
  const inputs = all.map((d) => docInputs[d].map((src) => (src >= 0 ? rank[src] : -1)));
  const in0 = new Int32Array(N).fill(-1);
  const in1 = new Int32Array(N).fill(-1);
  const consumers: { node: number; port: string; slot: number }[][] = nodes.map(() => []);
  const issues: (NodeProblem | null)[] = nodes.map(() => null);
  const sourceValues: (Value | undefined)[] = new Array(N);

  for (let k = 0; k < N; k++) {
    const op = ops[k];
    kinds[k] = op.kind === 'source' ? SOURCE : op.kind === 'tensor' ? TENSOR : op.inputs.length === 1 ? UNARY : BINARY;
    in0[k] = inputs[k][0] ?? -1;
    in1[k] = inputs[k][1] ?? -1;
    for (let j = 0; j < ports[k].length; j++) {
      const src = inputs[k][j];
      const port = ports[k][j];
      if (src >= 0) consumers[src].push({ node: k, port: port.name, slot: j });
      else if (!port.param) issues[k] ??= { code: 'unconnected', node: ids[k], port: port.name };
    }
    const extra = beyond.get(all[k]);
    if (extra !== undefined && op.variadic) {
      const need = Number(extra.slice(op.variadic.prefix.length)) + 1;
      const detail = `${op.type} has ${ports[k].length} inputs (${op.variadic.param} ${ports[k].length}) but "${extra}" is connected: set ${op.variadic.param} to ${need} or remove that edge`;
      issues[k] = opProblem(ids[k], op.type, new OpError(detail, 'param'));
    }
    const b = blocked.get(all[k]);
    if (b) issues[k] = b;
    if (op.kind === 'source') {
      const size = sizeOf(valueShape(nodes[k].value as NodeValue));
      if (size > MAX_ELEMENTS) issues[k] = { code: 'too-large', node: ids[k], elements: size };
      else sourceValues[k] = sourceValue(nodes[k].value as NodeValue);
    }
  }

  const { shapes, portShapes, implicit, costs } = inferShapes(nodes, ops, ports, kinds, params, inputs, issues);
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
    sourceValues,
    output,
    reaches,
    scalarOnly,
    kernels: scalarKernels(ops),
  };
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
) {
  const N = nodes.length;
  const shapes: (Shape | null)[] = new Array(N).fill(null);
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
  return { shapes, portShapes, implicit, costs };
}
