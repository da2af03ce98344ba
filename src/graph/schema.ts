import { z } from 'zod';
import { formatCount } from '../format/number';
import { formatShape } from '../format/shape';
import type { Initializer } from '../tensor/init';
import { OPTIMIZERS } from './optim/optimizers';
import { SCHEDULES } from './optim/schedules';
import { recordOf } from './records';

/** The format tag and the newest version this build reads and writes. */
export const FORMAT = 'backprop-studio.graph';
export const VERSION = 2;

/** What a function's name and its arguments must look like: the names a formula reads (`swish`, `w_1`). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a value is, for messages: `the string "2"`, `null`, `an array of 7`. */
export function describeValue(v: unknown): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}${v.length > 40 ? ` (${v.length} characters)` : ''}`;
  if (typeof v === 'number')
    return Number.isFinite(v) ? String(v) : `${v} (JSON reads numbers beyond ±1.8e308, such as 1e309, as infinite)`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * The message of every issue a schema can raise, saying what is expected: "must be a finite number,
 * got the string "2"", or "missing; must be ..." for an absent field. Messages are written here, one
 * per field, so none is ever zod's generic "Invalid input" (a test walks the schema to hold this).
 */
export const must = (what: string) => ({
  error: (iss: { readonly input?: unknown }) =>
    iss.input === undefined ? `missing; must be ${what}` : `must be ${what}, got ${describeValue(iss.input)}`,
});

const FINITE = 'a finite number';
const FINITE_ERROR = must(FINITE);
const finite = z.number(FINITE_ERROR);
const MAX_DIMS = 6;
const SHAPE = must(`a shape: at most ${MAX_DIMS} dimensions, each a positive integer`);
const shape = z.array(z.number(SHAPE).int(SHAPE).positive(SHAPE), SHAPE).max(MAX_DIMS, SHAPE);
const ID = must('a non-empty string of at most 200 characters');
const id = z.string(ID).min(1, ID).max(200, ID);
const text = (max: number) => {
  const m = must(`a string of at most ${formatCount(max)} characters`);
  return z.string(m).max(max, m);
};
const count = (what: string) => {
  const m = must(`${what}: a whole number ≥ 0`);
  return z.number(m).int(m).min(0, m);
};
const nonNegative = (what: string) => {
  const m = must(`${what}: a finite number ≥ 0`);
  return z.number(m).min(0, m);
};
const TOL = must('a relative tolerance: a finite number > 0');
const tol = z.number(TOL).positive(TOL);
const BOOL = must('true or false');
const bool = z.boolean(BOOL);

/** zod skips a record key named `__proto__` (the only one it cannot write into its `{}`); these are renamed around it. */
const PROTO_LIKE = /^__proto__\0*$/;
/** Reversible: `__proto__` gains one NUL, so a key that already ends in NULs cannot collide. */
const escapeKey = (key: string): string => (PROTO_LIKE.test(key) ? `${key}\0` : key);
/** The key a user wrote, from the one zod saw (issue paths name it too). */
export const unescapeKey = (key: PropertyKey): PropertyKey =>
  typeof key === 'string' && PROTO_LIKE.test(key) && key.endsWith('\0') ? key.slice(0, -1) : key;

const escapeKeys = (v: unknown): unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).some((k) => PROTO_LIKE.test(k))
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [escapeKey(k), x]))
    : v;

/**
 * Free-form JSON (inside `meta`) with every object rebuilt without a prototype, so that a key such
 * as `__proto__` stays data wherever it is copied (immer's patches copy by assignment). Recursive,
 * but checkLimits has bounded the depth before the schema runs.
 */
function freeForm(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(freeForm);
  if (typeof v !== 'object' || v === null) return v;
  return recordOf(Object.entries(v).map(([k, x]) => [k, freeForm(x)]));
}

/**
 * A record keyed by user-chosen names (node ids, input names, free-form keys). Every key survives,
 * `__proto__` and `constructor` included, and the result has no prototype, so a lookup such as
 * `gradients.toString` finds only what the document holds.
 */
const dataRecord = <V extends z.ZodType>(value: V, what: string) =>
  z.preprocess(
    escapeKeys,
    z.record(z.string(), value, must(what)).overwrite((r) => recordOf(Object.entries(r).map(([k, x]) => [unescapeKey(k) as string, x]))),
  );

export const PositionSchema = z.object({ x: finite, y: finite }, must('an object { "x", "y" } of finite numbers'));

const isShape = (shape: readonly number[]): boolean => shape.length <= MAX_DIMS && shape.every((d) => Number.isInteger(d) && d > 0);
const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A tensor written out: its shape and its numbers in row-major order. */
export const TensorValueSchema = z
  .object({ shape, data: z.array(finite, must('an array of finite numbers')) }, must('a tensor { "shape", "data" }'))
  // Only a valid shape has a size to compare with; a bad one is reported on its own.
  .refine((t) => !isShape(t.shape) || t.data.length === product(t.shape), {
    path: ['data'],
    error: (iss) => {
      const t = iss.input as { shape: number[]; data: unknown[] };
      return `must hold ${product(t.shape)} numbers for shape ${formatShape(t.shape)}, got ${t.data.length}`;
    },
  });

export const INITIALIZERS = [
  'zeros',
  'constant',
  'uniform',
  'normal',
  'xavierUniform',
  'xavierNormal',
  'kaimingUniform',
  'kaimingNormal',
] as const satisfies readonly Initializer[];

/** A tensor made by an initializer with a seed, so large weights need not be written out. */
export const InitValueSchema = z.object(
  {
    shape,
    init: z.enum(INITIALIZERS, must(`an initializer: ${INITIALIZERS.map((i) => `"${i}"`).join(', ')}`)),
    seed: z.number(must('a seed: an integer')).int(must('a seed: an integer')).optional(),
    /** The constant for 'constant'; the bound for 'uniform'; the standard deviation for 'normal'. */
    scale: finite.optional(),
  },
  must('an initializer { "shape", "init" }'),
);

const VALUE = must('a finite number, a tensor { "shape", "data" } or an initializer { "shape", "init" }');
/** A number that is not finite (1e309 reads as Infinity) is told it must be finite, not the three forms. */
export const NodeValueSchema = z.union([finite, TensorValueSchema, InitValueSchema], {
  error: (iss) => (typeof iss.input === 'number' ? FINITE_ERROR : VALUE).error(iss),
});

const PARAM_LIST = must('at most 16 finite numbers');
const ParamValueSchema = z.union(
  [finite, bool, text(200), z.array(finite, PARAM_LIST).max(16, PARAM_LIST)],
  must('a parameter value: a finite number, true or false, a string, or a list of at most 16 numbers'),
);

const OP = must('the name of an op, such as "add"');
export const NodeSchema = z.object(
  {
    id,
    op: z.string(OP).min(1, OP).max(100, OP),
    /** The variable name of an input ("x"); defaults to the id. */
    name: text(100).optional(),
    /** Overrides the automatic f_i label. */
    label: text(100).optional(),
    params: dataRecord(ParamValueSchema, 'an object of parameters by name').optional(),
    /** Where the node sits on the canvas; left out, the loader places it (see placeNodes in load.ts). */
    position: PositionSchema.optional(),
    /** The value of an input or constant node. */
    value: NodeValueSchema.optional(),
    /** Numbers typed into unconnected input ports, by port name: constants without a node of their own, never numbered. */
    constants: dataRecord(finite, 'an object of finite numbers by input port name').optional(),
    /** A `call` node drawn and stepped through as its body's nodes rather than as one node. */
    expanded: bool.optional(),
  },
  must('a node { "id", "op" }'),
);

const PORT = must('the name of an input port, such as "a"');
export const EdgeSchema = z.object(
  {
    id: text(200).optional(),
    source: id,
    target: id,
    /** The input port of the target, by name ("a", "b", "u", "x", ...). */
    port: z.string(PORT).min(1, PORT).max(100, PORT),
  },
  must('an edge { "source", "target", "port" }'),
);

/**
 * A number, or numbers as a (nested) array; whether the nesting is rectangular is checked against
 * the result. Typed loosely, as the engine's toNested returns it.
 */
const ExpectedNumbers: z.ZodType<number | unknown[]> = z
  .lazy(() =>
    z.union([finite, z.array(ExpectedNumbers, must('an array of numbers'))], must('a finite number or a (nested) array of finite numbers')),
  )
  .meta({ id: 'numbers' });

export const ExpectedNodeSchema = z.object(
  {
    value: ExpectedNumbers.optional(),
    grad: ExpectedNumbers.optional(),
    shape: shape.optional(),
    params: count('a parameter count').optional(),
    memoryKB: nonNegative('a size in KB').optional(),
    macs: nonNegative('a count of multiply-accumulates').optional(),
    /** The exam's exact form, e.g. "-6 ln2" (display only; checked by the exact mode). */
    exact: z
      .object({ value: text(1000).optional(), grad: text(1000).optional() }, must('an object { "value", "grad" } of exact forms'))
      .optional(),
    /** Relative tolerance for this node; defaults to the document's. */
    tol: tol.optional(),
  },
  must('an object of expected facts about one node'),
);

export const ExpectedSchema = z.object(
  {
    /** Relative tolerance (absolute near zero); 1e-9 unless the exam rounds. */
    tol: tol.optional(),
    output: finite.optional(),
    nodes: dataRecord(ExpectedNodeSchema, 'an object of expected facts by node id').optional(),
    /** d(output)/d(input), by input name. */
    gradients: dataRecord(ExpectedNumbers, 'an object of gradients by input name').optional(),
    totals: z
      .object(
        {
          params: count('a parameter count').optional(),
          macs: nonNegative('a count of multiply-accumulates').optional(),
          memoryKB: nonNegative('a size in KB').optional(),
        },
        must('an object { "params", "macs", "memoryKB" }'),
      )
      .optional(),
    /** One SGD step: loss before and after, and the new values of the trainable inputs. */
    step: z
      .object(
        {
          lr: finite,
          mean: bool.optional(),
          batch: z
            .number(must('a batch size: a whole number > 0'))
            .int(must('a batch size: a whole number > 0'))
            .positive(must('a batch size: a whole number > 0'))
            .optional(),
          lossBefore: finite.optional(),
          lossAfter: finite.optional(),
          params: dataRecord(ExpectedNumbers, 'an object of new parameter values by input name').optional(),
        },
        must('an object { "lr", ... } describing one training step'),
      )
      .optional(),
  },
  must('an object of expected values'),
);

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
const positiveInt = (what: string) => {
  const m = must(`${what}: a whole number > 0`);
  return z.number(m).int(m).positive(m);
};
const BETAS = must('two numbers [β1, β2]');
const STATE = must('an array of finite numbers, one per element of the parameter');
const stateArray = z.array(finite, STATE);

/** An optimizer as torch.optim names it (camelCase); what is left out takes PyTorch's default. */
export const OptimizerSchema = z.object(
  {
    name: z.enum(OPTIMIZERS, must(`an optimizer: ${quoted(OPTIMIZERS)}`)),
    lr: nonNegative('a learning rate').optional(),
    momentum: nonNegative('a momentum').optional(),
    dampening: finite.optional(),
    nesterov: bool.optional(),
    weightDecay: nonNegative('a weight decay').optional(),
    alpha: nonNegative('a smoothing constant').optional(),
    eps: nonNegative('a term added to the denominator').optional(),
    centered: bool.optional(),
    lrDecay: nonNegative('a learning-rate decay').optional(),
    initialAccumulatorValue: nonNegative('a starting value of the sum of squares').optional(),
    betas: z.tuple([finite, finite], BETAS).optional(),
    amsgrad: bool.optional(),
  },
  must('an optimizer { "name", ... }'),
);

/** A learning-rate scheduler of torch.optim.lr_scheduler, chained in order as ChainedScheduler does. */
export const ScheduleSchema = z.object(
  {
    name: z.enum(SCHEDULES, must(`a schedule: ${quoted(SCHEDULES)}`)),
    stepSize: positiveInt('a step size').optional(),
    gamma: finite.optional(),
    tMax: positiveInt('a number of steps').optional(),
    etaMin: finite.optional(),
    startFactor: finite.optional(),
    endFactor: finite.optional(),
    totalIters: positiveInt('a number of steps').optional(),
  },
  must('a schedule { "name", ... }'),
);

/** One parameter's optimizer state, as torch.optim's `state[p]` (camelCase), tensors flattened row-major. */
export const ParamStateSchema = z.object(
  {
    step: count('a step count').optional(),
    momentumBuffer: stateArray.optional(),
    expAvg: stateArray.optional(),
    expAvgSq: stateArray.optional(),
    maxExpAvgSq: stateArray.optional(),
    squareAvg: stateArray.optional(),
    gradAvg: stateArray.optional(),
    sum: stateArray.optional(),
  },
  must('an optimizer state { "step", "expAvg", ... }'),
);

/** Inputs that are a data set (first axis: samples), fed in seeded minibatches. */
export const DataSchema = z.object(
  {
    /** Input ids, all with the same number of samples. */
    inputs: z.array(id, must('an array of input ids')).max(16, must('an array of at most 16 input ids')),
    batchSize: positiveInt('a batch size'),
    seed: z.number(must('a seed: an integer')).int(must('a seed: an integer')),
    /** A data set shipped with the app ("digits"); its fields feed the inputs in order. Without it, the inputs' own values. */
    source: text(100).optional(),
    fields: z.array(text(100), must('an array of field names')).max(16, must('an array of at most 16 field names')).optional(),
    /** Samples kept out of training, to measure accuracy on: the last ones, or a seeded random choice with splitSeed. */
    heldOut: count('a number of samples').optional(),
    splitSeed: z.number(must('a seed: an integer')).int(must('a seed: an integer')).optional(),
  },
  must('a data set { "inputs", "batchSize", "seed" }'),
);

/** How the trainable inputs are trained, and how far: enough to resume a run exactly. */
export const TrainingSchema = z.object(
  {
    optimizer: OptimizerSchema,
    schedules: z.array(ScheduleSchema, must('an array of schedules')).max(8, must('an array of at most 8 schedules')).optional(),
    data: DataSchema.optional(),
    /** Optimizer steps taken so far (every scheduler's last_epoch). */
    steps: count('a step count').optional(),
    /** The learning rate of the next step, as the schedules left it. */
    lr: finite.optional(),
    state: dataRecord(ParamStateSchema, 'an object of optimizer states by input id').optional(),
  },
  must('an object { "optimizer", ... } describing training'),
);

const NAME = must('a name of letters, digits and _ not starting with a digit, at most 100 characters');
const name = z.string(NAME).max(100, NAME).regex(IDENTIFIER, NAME);

/**
 * A function the document defines once and its `call` nodes use: `swish(u) = u * sigmoid(u)` is
 * { "name": "swish", "args": ["u"], "body": "u * sigmoid(u)" }. The body is a formula over the
 * arguments, the built-in functions and the functions defined before or after it (no cycles).
 */
export const FunctionSchema = z.object(
  {
    name,
    args: z.array(name, must('an array of argument names')).max(16, must('an array of at most 16 argument names')),
    body: text(10000),
  },
  must('a function { "name", "args", "body" }'),
);

const ZOOM = must('a zoom factor: a finite number > 0');
export const ViewSchema = z.object({ x: finite, y: finite, zoom: z.number(ZOOM).positive(ZOOM) }, must('an object { "x", "y", "zoom" }'));

export const GraphDocumentSchema = z.object(
  {
    format: z.literal(FORMAT, must(`"${FORMAT}"`)),
    version: z.literal(VERSION, must(`${VERSION}`)),
    title: text(500).optional(),
    description: text(20000).optional(),
    nodes: z.array(NodeSchema, must('an array of nodes')).max(200000, must('an array of at most 200,000 nodes')),
    edges: z.array(EdgeSchema, must('an array of edges')).max(400000, must('an array of at most 400,000 edges')),
    /** User-defined functions, each stored once (version 2). */
    functions: z.array(FunctionSchema, must('an array of functions')).max(200, must('an array of at most 200 functions')).optional(),
    /** The id of the output node; the backward pass is seeded with 1 there. */
    output: id.optional(),
    expected: ExpectedSchema.optional(),
    view: ViewSchema.optional(),
    /** Train or eval mode, as torch's module.train()/eval(): dropout drops only in train mode. Absent: eval. */
    mode: z.enum(['train', 'eval'], must('"train" or "eval"')).optional(),
    /** The optimizer, its schedules, data set and state: optional, added without a version change. */
    training: TrainingSchema.optional(),
    /** Free-form extensions (exam blanks, ...), kept on round trips. */
    meta: dataRecord(z.unknown().overwrite(freeForm), 'an object of extensions by name').optional(),
  },
  must('a graph document object'),
);

/** A document as a file may hold it: positions may be left out (a script's document). */
export type StoredDocument = z.infer<typeof GraphDocumentSchema>;
export type Position = z.infer<typeof PositionSchema>;
/** A node once loaded: every node has a place on the canvas. */
export type GraphNode = z.infer<typeof NodeSchema> & { position: Position };
export type GraphDocument = Omit<StoredDocument, 'nodes'> & { nodes: GraphNode[] };
export type GraphEdge = z.infer<typeof EdgeSchema>;
export type NodeValue = z.infer<typeof NodeValueSchema>;
export type TensorValue = z.infer<typeof TensorValueSchema>;
export type InitValue = z.infer<typeof InitValueSchema>;
export type FunctionDef = z.infer<typeof FunctionSchema>;
export type Expected = z.infer<typeof ExpectedSchema>;
export type ExpectedNode = z.infer<typeof ExpectedNodeSchema>;
export type Training = z.infer<typeof TrainingSchema>;
export type ParamStateJson = z.infer<typeof ParamStateSchema>;
