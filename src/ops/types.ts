import type { Initializer } from '../tensor/init';
import type { Shape, Tensor } from '../tensor/tensor';

export type ParamValue = number | boolean | string | number[];
export type Params = Readonly<Record<string, ParamValue>>;

export interface ParamSpec {
  readonly name: string;
  readonly kind: 'number' | 'int' | 'bool' | 'enum' | 'ints';
  readonly default: ParamValue;
  readonly label?: string;
  readonly options?: readonly string[];
  readonly min?: number;
  /** Words an 'ints' parameter also takes, as PyTorch's padding='same'. */
  readonly words?: readonly string[];
}

export interface PortSpec {
  readonly name: string;
  /**
   * A parameter port (a layer's weight or bias). Left unconnected, the node owns the tensor
   * itself, made by the op's `implicit` rule from an initializer and a seed.
   */
  readonly param?: boolean;
}

/** A variable number of input ports: `prefix`0 .. `prefix`{n-1}, n the int parameter `param` (at most `max`). */
export interface VariadicPorts {
  readonly prefix: string;
  readonly param: string;
  readonly max: number;
}

/** How an op's own parameter tensor is made when its port is left unconnected. */
export interface ImplicitParam {
  readonly shape: Shape;
  readonly init: Initializer;
  /** The constant for 'constant', the bound for 'uniform', the standard deviation for 'normal'. */
  readonly scale?: number;
}

export type OpGroup = 'Inputs' | 'Arithmetic' | 'Activations' | 'Tensor' | 'Losses';

/** What the PyTorch exporter hands an op's writer: Python expressions for its ports, its params, its port shapes. */
export interface TorchCall {
  /**
   * A Python expression per port: the variable of the node wired to it, or of the tensor the node
   * owns (an unconnected weight or bias). Ports with neither (a layer without bias) are absent.
   */
  readonly args: Readonly<Record<string, string>>;
  /** The node's parameters, defaults filled in. */
  readonly params: Params;
  /** Static shapes of the ports; empty for all-scalar elementwise nodes. */
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** How the exporter writes Python literals, passed to an op's writer so that ops never import the exporter. */
export interface PythonLiterals {
  float(x: number): string;
  ints(xs: readonly number[]): string;
}

/**
 * An op in PyTorch. A template names ports and number params in braces, `'torch.pow({u}, {c})'`;
 * a function writes what a template cannot (optional ports, shapes).
 */
export type TorchForm = string | ((call: TorchCall, py: PythonLiterals) => string);

/** A linear piece of a piecewise op: its value and local derivative per port, as mathjs expressions. */
export interface ExactPiece {
  readonly value: string;
  readonly d: Readonly<Record<string, string>>;
}

/**
 * An elementwise op in the exact (CAS) engine, as mathjs expressions over the port names and the
 * op's number parameters by name (`c`, `alpha`). A smooth op has a `form` ('1 / (1 + exp(-u))'); a
 * piecewise one takes a piece by the sign of its input (of a − b for two inputs), or, for one
 * input, by where it lies between `intervals` breaks. abs has both: a form for analytic gradients,
 * pieces for exact values.
 */
export interface ExactSpec {
  readonly form?: string;
  /** The form's local derivative per port, for a form mathjs cannot differentiate (erf): it then gives no analytic gradient. */
  readonly d?: Readonly<Record<string, string>>;
  readonly pieces?: { readonly negative: ExactPiece; readonly zero: ExactPiece; readonly positive: ExactPiece };
  /**
   * Pieces of a one-input op split at `breaks` (ascending mathjs expressions over the params):
   * below the first break, at it, between it and the next, ..., above the last: 2·breaks + 1 pieces.
   */
  readonly intervals?: { readonly breaks: readonly string[]; readonly pieces: readonly ExactPiece[] };
}

/** A point to check an elementwise op at: its inputs by port, and params over the defaults. */
export interface CheckPoint {
  readonly at: Readonly<Record<string, number>>;
  readonly params?: Params;
}

/** Where the registry-wide test checks an elementwise op, and the PyTorch cases compare it to torch. */
export interface OpChecks {
  /** Smooth points: derivatives against central differences, the exact form against forward, torch against the engine. */
  readonly smooth: readonly CheckPoint[];
  /** Kinks and ties, where a convention decides the derivative: checked against torch only. */
  readonly kinks?: readonly CheckPoint[];
  /** Points outside the domain: `domain` must name each. */
  readonly outside?: readonly CheckPoint[];
  /** A looser relative tolerance for the torch comparison, where torch itself rounds (hardsigmoid's backward uses 1/6 in float32). */
  readonly torchTol?: number;
}

/** What every op shares: how it is named, drawn and written out. */
interface OpBase {
  /** Stable name used in the JSON document, e.g. 'mul', 'maxPool2d'. */
  readonly type: string;
  readonly group: OpGroup;
  /** Palette title, e.g. "Multiply". */
  readonly title: string;
  /** Words the palette search also matches. */
  readonly keywords?: readonly string[];
  /** The input ports; for a variadic op, those it has with its default count. */
  readonly inputs: readonly PortSpec[];
  /** Ports named prefix0..prefix{n-1}, n read from an int parameter (concat's and stack's tensors): see `portsOf`. */
  readonly variadic?: VariadicPorts;
  readonly params: readonly ParamSpec[];
  /** The symbol on the node face: "+", "×", "2^x", "conv". */
  symbol(p: Params): string;
  /** The operation applied to argument strings in plain text: ["f1", "f4"] -> "f1 + f4". */
  text(args: readonly string[], p: Params): string;
  /** The same in LaTeX. */
  latex(args: readonly string[], p: Params): string;
  /** A short parameter summary for the node face ("11×11 /4 p2"), if any. */
  summary?(p: Params): string;
  /** The local derivative rule per input port, plain text: { u: "d/du 2^u = 2^u ln 2" }. */
  rule?(p: Params): Readonly<Record<string, string>>;
  /** The op in a PyTorch script; sources (input, constant) are written by the exporter itself. */
  readonly torch?: TorchForm;
}

export type LocalDerivative = (a: number, b: number, out: number, p: Params) => number;

/**
 * A scalar function of one or two numbers. On tensors it applies elementwise with broadcasting,
 * so scalar graphs run on plain numbers and tensor graphs reuse the same rule.
 */
export interface ElementwiseOp extends OpBase {
  readonly kind: 'elementwise';
  /** Unary ops ignore `b`. */
  forward(a: number, b: number, p: Params): number;
  /** d out / d input, keyed by port name. */
  readonly derivative: Readonly<Record<string, LocalDerivative>>;
  /** A domain error for these arguments ("log of a non-positive number: -2"), or null. */
  domain?(a: number, b: number, p: Params): string | null;
  readonly exact: ExactSpec;
  /** Names a typed formula calls it by ('log', 'ln'); it takes as many arguments as it has inputs. */
  readonly formula?: readonly string[];
  readonly checks: OpChecks;
}

/** Where a graph's values come from: `input` (a variable, reported with a gradient) and `constant`. */
export interface SourceOp extends OpBase {
  readonly kind: 'source';
}

export interface Cost {
  /** Trainable parameters the op owns. */
  readonly params: number;
  /** Multiply-accumulate operations of the forward pass. */
  readonly macs: number;
}

/** A tensor op: its own shape rule, forward, vector-Jacobian product and cost. */
export interface TensorOp extends OpBase {
  readonly kind: 'tensor';
  /** The output shape, or throws OpError naming both shapes and the parameter to change. */
  shape(inputs: Readonly<Record<string, Shape>>, p: Params): Shape;
  forward(inputs: Readonly<Record<string, Tensor>>, p: Params): Tensor;
  /** Gradients per input port, given the gradient `g` of the output. */
  backward(inputs: Readonly<Record<string, Tensor>>, out: Tensor, g: Tensor, p: Params): Record<string, Tensor>;
  /**
   * Jacobian-vector product for forward mode: the output's tangent, given the tangent of each port
   * that has one (an absent port's tangent is zero). Ops without it get their JVP built from
   * `backward`, one basis vector per output element, which only small outputs can afford.
   */
  jvp?(inputs: Readonly<Record<string, Tensor>>, out: Tensor, tangents: Readonly<Record<string, Tensor>>, p: Params): Tensor;
  /** Parameters and multiply-accumulates, given the shapes of every port (implicit ones included). */
  cost?(inputs: Readonly<Record<string, Shape>>, out: Shape, p: Params): Cost;
  /**
   * The tensor a `param` port stands for when unconnected, or null when the port is absent
   * (a conv with bias off). `inputs` holds the shapes of the connected ports.
   */
  implicit?(port: string, inputs: Readonly<Record<string, Shape>>, p: Params): ImplicitParam | null;
  /** Slides a 2-D window over its input `x` (kernel, stride, padding): the inspector draws it, the step view walks it. */
  readonly windowed?: boolean;
  /**
   * What one training-mode forward pass writes back, by name (batch norm's new running mean and
   * variance), or null: reported as the node's state, never fed forward.
   */
  state?(inputs: Readonly<Record<string, Tensor>>, p: Params): Readonly<Record<string, Tensor>> | null;
  /**
   * Ports that get no gradient, as in torch: class indices (read through .long()) and class
   * weights. The engine reports no gradient (null) for a node that reaches the output only through them.
   */
  indexPorts?(p: Params): readonly string[];
  /**
   * Reads the document's train/eval switch (its `mode`, eval when absent): the engine hands it to
   * the op as the boolean parameter `training`, so one switch sets every dropout of a document.
   */
  readonly readsMode?: boolean;
}

/**
 * A call of a function the document defines (`swish(u) = u * sigmoid(u)`): one port per argument.
 * It is made per definition by the engine (src/graph/functions.ts), never listed in the registry;
 * the engine runs its body, itself a graph of these ops.
 */
export interface CallOp extends OpBase {
  readonly kind: 'call';
  /** The function's name, as the document defines it. */
  readonly fn: string;
}

export type OpDef = ElementwiseOp | SourceOp | TensorOp | CallOp;

/** What an op refused: its inputs' shapes, a parameter, or a value outside its domain. */
export type OpErrorCode = 'shape' | 'param' | 'domain';

/** An error that belongs to one node: a shape mismatch, a bad parameter, a domain error. The message names what to change. */
export class OpError extends Error {
  override readonly name = 'OpError';
  constructor(
    message: string,
    readonly code: OpErrorCode = 'shape',
  ) {
    super(message);
  }
}

export function num(p: Params, key: string): number {
  const v = p[key];
  if (typeof v !== 'number') throw new OpError(`parameter "${key}" must be a number`, 'param');
  return v;
}

/** The input ports a node of `op` has with parameters `p` (defaults filled in): `op.inputs`, or the variadic ones. */
export function portsOf(op: { readonly inputs: readonly PortSpec[]; readonly variadic?: VariadicPorts }, p: Params): readonly PortSpec[] {
  const v = op.variadic;
  if (!v) return op.inputs;
  const n = p[v.param];
  const count = typeof n === 'number' && Number.isInteger(n) ? Math.min(Math.max(n, 1), v.max) : op.inputs.length;
  return Array.from({ length: count }, (_, i) => ({ name: `${v.prefix}${i}` }));
}

/** Whether `port` names one of a variadic op's ports at some count: an edge to it outlives lowering the count. */
export function isVariadicPort(op: { readonly variadic?: VariadicPorts }, port: string): boolean {
  const v = op.variadic;
  if (!v || !port.startsWith(v.prefix)) return false;
  const i = port.slice(v.prefix.length);
  return /^(0|[1-9]\d*)$/.test(i) && Number(i) < v.max;
}
