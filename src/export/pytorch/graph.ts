import { getOp } from '../../ops/registry';
import { CALL, compile, labelsOf, MAX_ELEMENTS, SOURCE, type Plan } from '../../graph/compile';
import { findParam, paramName } from '../../graph/params';
import { problemText } from '../../graph/problems';
import { evaluate, type Evaluation } from '../../graph/evaluate';
import type { Expected, GraphDocument } from '../../graph/schema';
import { asTensor, sizeOf, type Shape } from '../../tensor/tensor';
import { functionNames } from './functions';
import { indexPorts, PyTorchExportError, torchMapping } from './ops';
import { pyComment } from '../../escape/python';
import { Names, pyFloat, pyInts, pyTensor } from './python';

/** What every section of the script shares: the compiled graph and the Python name of each tensor. */
export interface Build {
  readonly plan: Plan;
  /**
   * Values and gradients are expected. Otherwise only shapes are, and, as the engine's checker
   * evaluates nothing then, every tensor lives on torch's meta device (shapes without data).
   */
  readonly values: boolean;
  /** The Python variable of each node, by plan index; then each port constant's literal tensor (plan index n + c). */
  readonly vars: readonly string[];
  /** The variables of the tensors a node owns (its unconnected weight, bias, gamma, beta), by port. */
  readonly owned: readonly (Readonly<Record<string, string>> | null)[];
  /** The engine's evaluation, for the numbers of those tensors; null in a shapes-only script. */
  readonly evaluation: Evaluation | null;
  /** 1 where the node is built on the meta device: all of them in a shapes-only script, else the too-large ones and what they feed. */
  readonly meta: Uint8Array;
  /** 1 where the document expects the node's gradient. */
  readonly wanted: Uint8Array;
  /** 1 where autograd must track the node: the wanted ones and everything upstream of them. */
  readonly tracked: Uint8Array;
  /** The layer parameters (`conv1.weight`) whose gradient the document expects: built as leaves autograd tracks. */
  readonly wantedParams: ReadonlySet<string>;
  readonly names: Names;
  /** The Python function of each function the document defines, by its name. */
  readonly functions: ReadonlyMap<string, string>;
}

const tooLarge = (shape: Shape | null): boolean => shape !== null && sizeOf(shape) > MAX_ELEMENTS;

/** Nodes too large for the engine to evaluate, and every node downstream of one. */
function metaNodes(plan: Plan, values: boolean): Uint8Array {
  const meta = new Uint8Array(plan.n).fill(values ? 0 : 1);
  if (!values) return meta;
  for (let k = 0; k < plan.n; k++) {
    const own = Object.values(plan.implicit[k] ?? {}).map((p) => p.shape);
    if ([plan.shapes[k], ...own].some(tooLarge) || plan.inputs[k].some((src) => src >= 0 && meta[src])) meta[k] = 1;
  }
  return meta;
}

/** The nodes whose gradient `exp` states, directly or as `gradients.<input name>`. */
function wantedGradients(plan: Plan, exp: Expected | undefined): Uint8Array {
  const wanted = new Uint8Array(plan.n);
  for (const [id, e] of Object.entries(exp?.nodes ?? {})) {
    const k = plan.index.get(id);
    if (k !== undefined && e.grad !== undefined) wanted[k] = 1;
  }
  const names = new Set(Object.keys(exp?.gradients ?? {}));
  plan.nodes.forEach((nd, k) => {
    if (nd.op === 'input' && names.has(nd.name ?? nd.id)) wanted[k] = 1;
  });
  return wanted;
}

/** Marks, in place, every node the marked ones depend on through ports torch differentiates (as plan.reaches does from the output). */
function upstreamDifferentiable(plan: Plan, reach: Uint8Array): Uint8Array {
  for (let k = plan.n - 1; k >= 0; k--) {
    if (!reach[k]) continue;
    const index = indexPorts(plan.ops[k].type, plan.params[k]);
    plan.ports[k].forEach((port, j) => {
      const src = plan.inputs[k][j];
      if (src >= 0 && !index.includes(port.name)) reach[src] = 1;
    });
  }
  return reach;
}

/** @throws PyTorchExportError naming a node whose op is not registered (compiling it would fail less clearly). */
export function refuseUnknownOps(doc: GraphDocument): void {
  const unknown = doc.nodes.find((nd) => nd.op !== 'call' && !getOp(nd.op));
  if (unknown) throw new PyTorchExportError(`unknown op "${unknown.op}" (node "${unknown.id}")`);
}

/**
 * Compiles the document and names its tensors.
 * @throws PyTorchExportError for an op without a mapping or a graph the engine reports errors in.
 */
export function createBuild(doc: GraphDocument, values: boolean, reserved: readonly string[]): Build {
  refuseUnknownOps(doc);
  const plan = compile(doc);
  for (let k = 0; k < plan.n; k++) {
    if (plan.kinds[k] !== SOURCE && plan.kinds[k] !== CALL) torchMapping(plan.ops[k].type);
    const issue = plan.issues[k];
    // A too-large source is no error here: it is built on the meta device.
    if (issue && issue.code !== 'too-large') {
      throw new PyTorchExportError(`${plan.labels[k]} (node "${plan.ids[k]}", ${plan.ops[k].type}): ${problemText(issue, labelsOf(plan))}`);
    }
    // A shape Python cannot be handed as integers (a size of 1e300 from a hostile parameter).
    const shape = plan.shapes[k];
    if (shape?.some((d) => !Number.isSafeInteger(d))) {
      throw new PyTorchExportError(
        `${plan.labels[k]} (node "${plan.ids[k]}", ${plan.ops[k].type}): shape ${shape.join('×')} is too large to write`,
      );
    }
  }
  const names = new Names();
  names.reserve(...reserved);
  const functions = functionNames(plan.functions, names);
  const vars = [
    ...plan.nodes.map((nd, k) => names.take(plan.kinds[k] === SOURCE ? (nd.name ?? nd.id) : nd.id)),
    ...plan.constants.map((v) => pyTensor(asTensor(v), false)),
  ];
  const owned = plan.implicit.map((imp, k) =>
    imp ? Object.fromEntries(Object.keys(imp).map((port) => [port, names.take(`${vars[k]}_${port}`)])) : null,
  );
  const wanted = wantedGradients(plan, doc.expected);
  const tracked = upstreamDifferentiable(plan, wanted.slice());
  return {
    plan,
    values,
    vars,
    owned,
    evaluation: values ? evaluate(plan) : null,
    meta: metaNodes(plan, values),
    wanted,
    tracked,
    wantedParams: new Set(
      Object.entries(doc.expected?.nodes ?? {}).flatMap(([id, e]) => (e.grad !== undefined && findParam(plan, id) ? [id] : [])),
    ),
    names,
    functions,
  };
}

const onMeta = (shape: Shape): string => `torch.empty(${pyInts(shape)}, device='meta')`;

/** The Python expression of op node `k`, reading its inputs from `vars` (the step re-runs it on new ones). */
export function opExpression(b: Build, k: number, vars: readonly string[]): string {
  const { plan } = b;
  const args: Record<string, string> = {};
  plan.ports[k].forEach((port, j) => {
    const src = plan.inputs[k][j];
    const v = src >= 0 ? vars[src] : b.owned[k]?.[port.name];
    if (v === undefined) return;
    // A node too large to evaluate runs on meta, and torch does not mix devices in one op.
    args[port.name] = b.meta[k] && src >= 0 && !b.meta[src] ? `${v}.to('meta')` : v;
  });
  const op = plan.ops[k];
  if (op.kind === 'call') return `${b.functions.get(op.fn)}(${op.inputs.map((p) => args[p.name]).join(', ')})`;
  return torchMapping(op.type)({ args, params: plan.params[k], shapes: plan.portShapes[k] ?? {} });
}

/**
 * Whether source `k` is a leaf autograd differentiates: every input the output reaches (through
 * ports with a gradient, as plan.reaches), and sources upstream of an expected gradient. An input read only as class
 * weights must not require grad (torch refuses to differentiate nll_loss's weight).
 */
export const requiresGrad = (b: Build, k: number): boolean =>
  b.values && !b.meta[k] && ((b.plan.nodes[k].op === 'input' && b.plan.reaches[k] === 1) || b.tracked[k] === 1);

/** The gradient of node `k` after the backward pass. */
export const gradExpression = (b: Build, k: number): string => `${b.vars[k]}.grad`;

function sourceLines(b: Build, k: number): string[] {
  const { plan } = b;
  const nd = plan.nodes[k];
  const head = pyComment(`${plan.labels[k]} = ${b.vars[k]} (${nd.op})`);
  if (b.meta[k]) return [head, `${b.vars[k]} = ${onMeta(plan.shapes[k] ?? [])}`];
  return [head, `${b.vars[k]} = ${pyTensor(asTensor(plan.sourceValues[k] ?? 0), requiresGrad(b, k))}`];
}

/**
 * The tensors node `k` owns, with the numbers the engine drew for them: taken from its evaluation
 * rather than re-derived, so the script follows however the engine seeds them.
 */
/** Why node k has no value, in words. */
function whyNot(b: Build, k: number): string {
  const p = b.evaluation?.problem(k);
  return p ? problemText(p, labelsOf(b.plan)) : 'not evaluated';
}

function ownedLines(b: Build, k: number): string[] {
  const { plan } = b;
  return Object.entries(plan.implicit[k] ?? {}).flatMap(([port, imp]) => {
    const v = (b.owned[k] as Record<string, string>)[port];
    const how = `${imp.init}${imp.scale === undefined ? '' : ` ${imp.scale}`}, node seed ${Number(plan.params[k].seed ?? 0)}`;
    if (b.meta[k]) return [pyComment(`${b.vars[k]}'s own ${port} (${how}): only its shape matters here`), `${v} = ${onMeta(imp.shape)}`];
    const value = b.evaluation?.paramValue(k, port);
    if (!value) {
      throw new PyTorchExportError(`${plan.labels[k]} (node "${plan.ids[k]}", ${plan.ops[k].type}) has no ${port}: ${whyNot(b, k)}`);
    }
    const tracked = b.wantedParams.has(paramName(plan.ids[k], port));
    return [pyComment(`${b.vars[k]}'s own ${port} (${how}), as the engine drew it`), `${v} = ${pyTensor(value, tracked)}`];
  });
}

function opLines(b: Build, k: number): string[] {
  const { plan } = b;
  const op = plan.ops[k];
  const v = b.vars[k];
  const argNames = plan.ports[k].flatMap((port, j) => {
    const src = plan.inputs[k][j];
    // A port constant is named by its number in the comment, not by its tensor literal.
    const name = src >= plan.n ? pyFloat(plan.constants[src - plan.n]) : src >= 0 ? b.vars[src] : b.owned[k]?.[port.name];
    return name === undefined ? [] : [name];
  });
  const lines = [...ownedLines(b, k), pyComment(`${plan.labels[k]} = ${op.text(argNames, plan.params[k])} (${op.type})`)];
  lines.push(`${v} = ${opExpression(b, k, b.vars)}`);
  if (b.wanted[k] && !b.meta[k]) lines.push(`${v}.retain_grad()`);
  return lines;
}

/** The forward pass: one commented variable per node, in numbering order. */
export function graphLines(b: Build): string[] {
  return b.plan.nodes.flatMap((_, k) => [...(b.plan.kinds[k] === SOURCE ? sourceLines(b, k) : opLines(b, k)), '']);
}
