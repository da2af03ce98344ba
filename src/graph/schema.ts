import { z } from 'zod';
import type { Initializer } from './init';
import { recordOf } from './records';

/** The format tag and the newest version this build reads and writes. */
export const FORMAT = 'backprop-studio.graph';
export const VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const dim = z.number().int().min(0);
const id = z.string().min(1, 'must not be empty').max(200);

/** zod skips a record key named `__proto__` (the only one it cannot write into its `{}`); these are renamed around it. */
const PROTO_LIKE = /^__proto__\0*$/;
/** Reversible: `__proto__` gains one NUL, so a key that already ends in NULs cannot collide. */
const escapeKey = (key: string): string => (PROTO_LIKE.test(key) ? `${key}\0` : key);
/** The key a user wrote, from the one zod saw (issue paths name it too). */
export const unescapeKey = (key: PropertyKey): PropertyKey => (typeof key === 'string' && PROTO_LIKE.test(key) && key.endsWith('\0') ? key.slice(0, -1) : key);

const escapeKeys = (v: unknown): unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).some((k) => PROTO_LIKE.test(k))
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [escapeKey(k), x]))
    : v;

/**
 * A record keyed by user-chosen names (node ids, input names, free-form keys). Every key survives,
 * `__proto__` and `constructor` included, and the result has no prototype, so a lookup such as
 * `gradients.toString` finds only what the document holds.
 */
const dataRecord = <V extends z.ZodType>(value: V) =>
  z.preprocess(escapeKeys, z.record(z.string(), value).overwrite((r) => recordOf(Object.entries(r).map(([k, x]) => [unescapeKey(k) as string, x]))));

export const PositionSchema = z.object({ x: finite, y: finite });

/** A tensor written out: its shape and its numbers in row-major order. */
export const TensorValueSchema = z
  .object({ shape: z.array(dim).max(6), data: z.array(finite) })
  .refine((t) => t.data.length === t.shape.reduce((a, b) => a * b, 1), {
    message: 'data length must equal the product of the shape',
    path: ['data'],
  });

export const INITIALIZERS = ['zeros', 'constant', 'uniform', 'normal', 'xavierUniform', 'xavierNormal', 'kaimingUniform', 'kaimingNormal'] as const satisfies readonly Initializer[];

/** A tensor made by an initializer with a seed, so large weights need not be written out. */
export const InitValueSchema = z.object({
  shape: z.array(dim).max(6),
  init: z.enum(INITIALIZERS),
  seed: z.number().int().optional(),
  /** The constant for 'constant'; the bound for 'uniform'; the standard deviation for 'normal'. */
  scale: finite.optional(),
});

export const NodeValueSchema = z.union([finite, TensorValueSchema, InitValueSchema]);

const ParamValueSchema = z.union([finite, z.boolean(), z.string().max(200), z.array(finite).max(16)]);

export const NodeSchema = z.object({
  id,
  op: z.string().min(1),
  /** The variable name of an input ("x"); defaults to the id. */
  name: z.string().max(100).optional(),
  /** Overrides the automatic f_i label. */
  label: z.string().max(100).optional(),
  params: dataRecord(ParamValueSchema).optional(),
  position: PositionSchema,
  /** The value of an input or constant node. */
  value: NodeValueSchema.optional(),
});

export const EdgeSchema = z.object({
  id: z.string().optional(),
  source: id,
  target: id,
  /** The input port of the target, by name ("a", "b", "u", "x", ...). */
  port: z.string().min(1),
});

const ExpectedNumbers = z.union([finite, z.array(z.unknown())]);

export const ExpectedNodeSchema = z.object({
  value: ExpectedNumbers.optional(),
  grad: ExpectedNumbers.optional(),
  shape: z.array(dim).optional(),
  params: z.number().int().min(0).optional(),
  memoryKB: finite.optional(),
  macs: z.number().min(0).optional(),
  /** The exam's exact form, e.g. "-6 ln2" (display only; checked by the exact mode). */
  exact: z.object({ value: z.string().optional(), grad: z.string().optional() }).optional(),
  /** Relative tolerance for this node; defaults to the document's. */
  tol: z.number().positive().optional(),
});

export const ExpectedSchema = z.object({
  /** Relative tolerance (absolute near zero); 1e-9 unless the exam rounds. */
  tol: z.number().positive().optional(),
  output: finite.optional(),
  nodes: dataRecord(ExpectedNodeSchema).optional(),
  /** d(output)/d(input), by input name. */
  gradients: dataRecord(ExpectedNumbers).optional(),
  totals: z.object({ params: z.number().int().min(0).optional(), macs: z.number().min(0).optional(), memoryKB: finite.optional() }).optional(),
  /** One SGD step: loss before and after, and the new values of the trainable inputs. */
  step: z
    .object({
      lr: finite,
      mean: z.boolean().optional(),
      batch: z.number().int().positive().optional(),
      lossBefore: finite.optional(),
      lossAfter: finite.optional(),
      params: dataRecord(ExpectedNumbers).optional(),
    })
    .optional(),
});

export const ViewSchema = z.object({ x: finite, y: finite, zoom: z.number().positive() });

export const GraphDocumentSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  title: z.string().max(500).optional(),
  description: z.string().max(20000).optional(),
  nodes: z.array(NodeSchema).max(200000),
  edges: z.array(EdgeSchema).max(400000),
  /** The id of the output node; the backward pass is seeded with 1 there. */
  output: z.string().optional(),
  expected: ExpectedSchema.optional(),
  view: ViewSchema.optional(),
  /** Free-form extensions (exam blanks, ...), kept on round trips. */
  meta: dataRecord(z.unknown()).optional(),
});

export type GraphDocument = z.infer<typeof GraphDocumentSchema>;
export type GraphNode = z.infer<typeof NodeSchema>;
export type GraphEdge = z.infer<typeof EdgeSchema>;
export type NodeValue = z.infer<typeof NodeValueSchema>;
export type TensorValue = z.infer<typeof TensorValueSchema>;
export type InitValue = z.infer<typeof InitValueSchema>;
export type Expected = z.infer<typeof ExpectedSchema>;
export type ExpectedNode = z.infer<typeof ExpectedNodeSchema>;
