import type { Plan } from './compile';
import type { NodeProblem } from './problems';
import { evaluate, type Evaluation } from './evaluate';
import { backwardStep, buildTrace, forwardStep, type Step, type Trace } from './trace';
import { forwardMode, type TangentTarget } from './forward';
import { buildTangentTrace, type TangentStep } from './tangent-trace';
import type { Tensor, Value } from '../tensor/tensor';

/** Tensors up to this many elements travel whole; larger ones as a summary (a VGG activation has millions). */
export const FULL_VALUE_LIMIT = 16_384;
/** A summary's thumbnail is at most this many values a side. */
export const THUMB_SIDE = 32;

/**
 * What a step shows of a tensor too big to copy: its shape, statistics over every element, and a
 * thumbnail: the first matrix of it (the last two axes of its first channel), block-averaged down
 * to at most THUMB_SIDE × THUMB_SIDE values, row-major.
 */
export interface TensorSummary {
  readonly summary: true;
  readonly shape: readonly number[];
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly thumb: { readonly rows: number; readonly cols: number; readonly data: Float64Array };
}

export type StreamValue = Value | TensorSummary;
export type StreamStep = Step<StreamValue>;

export const isSummary = (v: StreamValue | undefined): v is TensorSummary => typeof v === 'object' && 'summary' in v;

/** Part of a streamed trace: steps by index. A later chunk may replace a step sent before (see streamTrace). */
export interface TraceChunk {
  /** Forward steps: one per node of the plan. */
  readonly forwardCount: number;
  /** The steps a trace of this plan has when every node evaluates: the playback bar's goal. */
  readonly expected: number;
  readonly at: readonly number[];
  readonly steps: readonly StreamStep[];
  /** The last chunk: the trace is complete. */
  readonly done: boolean;
}

export function summarize(t: Tensor): TensorSummary {
  const { data, shape } = t;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const rows = shape.length >= 2 ? shape[shape.length - 2] : 1;
  const cols = shape.length >= 1 ? shape[shape.length - 1] : 1;
  return { summary: true, shape: [...shape], min, max, mean: sum / data.length, thumb: blockMeans(data, rows, cols) };
}

/** The rows × cols matrix at the start of `data`, averaged over blocks down to at most THUMB_SIDE a side. */
function blockMeans(data: Float64Array, rows: number, cols: number): TensorSummary['thumb'] {
  const r = Math.min(rows, THUMB_SIDE);
  const c = Math.min(cols, THUMB_SIDE);
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const [y0, y1] = [Math.floor((i * rows) / r), Math.floor(((i + 1) * rows) / r)];
    for (let j = 0; j < c; j++) {
      const [x0, x1] = [Math.floor((j * cols) / c), Math.floor(((j + 1) * cols) / c)];
      let s = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += data[y * cols + x];
      out[i * c + j] = s / ((y1 - y0) * (x1 - x0));
    }
  }
  return { rows: r, cols: c, data: out };
}

/** The steps a trace of the plan has if every node evaluates: all forward, and a backward step per node the output depends on. */
export function expectedSteps(plan: Plan): number {
  let back = 0;
  for (let k = 0; k <= plan.output; k++) if (plan.reaches[k]) back++;
  return plan.n + back;
}

/** Replaces a tensor over `limit` elements by its summary; one summary per tensor, however often it appears. */
function summarizer(limit: number, cache = new WeakMap<Tensor, TensorSummary>()) {
  return <T extends Value | undefined>(x: T): T | TensorSummary => {
    if (x === undefined || typeof x === 'number' || x.data.length <= limit) return x;
    let s = cache.get(x);
    if (!s) cache.set(x, (s = summarize(x)));
    return s;
  };
}

/** A step with each tensor over `limit` elements replaced by its summary. */
function streamed(step: Step, limit: number, cache: WeakMap<Tensor, TensorSummary>): StreamStep {
  const v = summarizer(limit, cache);
  if (step.kind === 'forward') return { ...step, value: v(step.value), inputs: step.inputs.map((i) => ({ ...i, value: v(i.value) })) };
  return {
    ...step,
    grad: v(step.grad),
    contributions: step.contributions.map((c) => ({ ...c, upstream: v(c.upstream), local: v(c.local) })),
    downstream: step.downstream.map((d) => ({ ...d, local: v(d.local) })),
  };
}

export interface StreamOptions {
  /** Tensors over this many elements are summarized (FULL_VALUE_LIMIT by default). */
  readonly limit?: number;
  /** Evaluate in fast float32 mode (see EvaluateOptions.fastFloat32). */
  readonly fastFloat32?: boolean;
}

/** Where streamTrace puts the steps: `step` for each as it comes (a worker batches them), `end` after the last. */
export interface TraceSink {
  step(index: number, step: StreamStep): void;
  end(): void;
}

/**
 * Evaluates the plan and hands the sink the step trace as it is computed: forward step k once node
 * k is computed, backward steps from the output down once each gradient is final, the same steps
 * at the same indices as buildTrace of the finished evaluation. A forward step whose problem is
 * found only going backward (a gradient that is not finite) is sent again at the end, so the
 * steps, put by index, are exactly buildTrace's. Returns the evaluation, for the results.
 */
export function streamTrace(plan: Plan, sink: TraceSink, opts: StreamOptions = {}): Evaluation {
  const limit = opts.limit ?? FULL_VALUE_LIMIT;
  const cache = new WeakMap<Tensor, TensorSummary>();
  const sent = new Set<number>();
  const problems: (NodeProblem | null)[] = [];
  const send = (i: number, step: Step) => {
    sent.add(i);
    sink.step(i, streamed(step, limit, cache));
  };
  let back = 0;
  const ev = evaluate(plan, {
    fastFloat32: opts.fastFloat32,
    onStep: (pass, k, live) => {
      if (pass === 'forward') {
        const step = forwardStep(live, k);
        problems[k] = step.problem;
        send(k, step);
      } else if (plan.reaches[k] && live.grad(k) !== undefined) send(plan.n + back++, backwardStep(live, k));
    },
  });
  // An all-scalar graph reports nothing while it runs: its whole trace goes here.
  const trace = buildTrace(ev);
  for (let i = 0; i < trace.length; i++) {
    if (!sent.has(i) || (i < trace.forwardCount && ev.problem(i) !== problems[i])) send(i, trace.at(i));
  }
  sink.end();
  return ev;
}

/** Puts a chunk's steps in place; a new array, so whoever holds the old one keeps what it saw. */
export function applyChunk(steps: readonly (StreamStep | undefined)[], chunk: TraceChunk): (StreamStep | undefined)[] {
  const next = steps.slice();
  chunk.at.forEach((i, j) => (next[i] = chunk.steps[j]));
  return next;
}

/** How many steps from the start have arrived without a gap: the ones playback may show. */
export function arrivedPrefix(steps: readonly (StreamStep | undefined)[]): number {
  let i = 0;
  while (i < steps.length && steps[i] !== undefined) i++;
  return i;
}

/** The trace of the steps that have arrived (those before the first gap); the rest are not in it yet. */
export function assembledTrace(steps: readonly (StreamStep | undefined)[], forwardCount: number): Trace<StreamValue> {
  const length = arrivedPrefix(steps);
  const backIndex = new Map<number, number>();
  for (let i = forwardCount; i < length; i++) backIndex.set((steps[i] as StreamStep).node, i);
  const at = (i: number): StreamStep => steps[i] as StreamStep;
  return {
    length,
    forwardCount,
    at,
    indexOf: (node, kind) =>
      kind === 'forward' ? (node >= 0 && node < Math.min(forwardCount, length) ? node : -1) : (backIndex.get(node) ?? -1),
    all: () => Array.from({ length }, (_, i) => at(i)),
  };
}

export type StreamTangentStep = TangentStep<StreamValue>;

/** Forward mode's steps over an evaluation made in a worker, for the page: its target and the steps, large tensors summarized. */
export interface TangentChunk {
  readonly target: TangentTarget;
  readonly steps: readonly StreamTangentStep[];
}

/**
 * Forward mode over a finished evaluation (the worker's), as the page needs it: every tangent
 * step, each tensor over `limit` elements replaced by its summary.
 */
export function streamTangents(ev: Evaluation, target: TangentTarget, limit = FULL_VALUE_LIMIT): TangentChunk {
  const v = summarizer(limit);
  const steps = buildTangentTrace(forwardMode(ev, target))
    .all()
    .map((t): StreamTangentStep => ({
      ...t,
      tangent: v(t.tangent),
      terms: t.terms.map((u) => ({ ...u, local: v(u.local), tangent: v(u.tangent) })),
    }));
  return { target, steps };
}
