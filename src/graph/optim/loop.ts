import { compile, labelsOf, type Plan } from '../compile';
import { evaluate, type Evaluation } from '../evaluate';
import type { NodeProblem } from '../problems';
import { emptyRecord } from '../records';
import type { GraphDocument, ParamStateJson, Training } from '../schema';
import { checkFinite, documentValue, isTrainable, NO_TRAINABLE, noGradientMessage, noLossMessage } from '../train';
import type { Tensor, Value } from '../../tensor/tensor';
import { BatchOrder, takeRows } from './batches';
import { initialState, settingsProblem, update, withDefaults, type FullSettings, type ParamState } from './optimizers';
import { initialLr, scheduleProblem, stepLr } from './schedules';
import { dataProblem, resolveData, type DataSet, type ResolvedData } from './data';

export interface TrainOptions {
  /** Optimizer steps to take. */
  readonly steps: number;
  /** The data set `training.data.source` names, loaded by the caller (a file in the CLI, a fetch in the browser). */
  readonly dataset?: DataSet;
  /** Called after each step with its loss, for progress. */
  readonly onStep?: (step: number, loss: number) => void;
}

export interface TrainRun {
  /** losses[k]: the loss before step k+1 (on that step's batch); losses[steps]: after the last step, on the next batch. */
  readonly losses: number[];
  /** The learning rate each step used. */
  readonly lrs: number[];
  /** Each trainable input's final value, by name. */
  readonly params: Readonly<Record<string, Value>>;
  /** The document with the new values and `training` advanced: it resumes exactly where this run stopped. */
  readonly doc: GraphDocument;
  /** Steps the document had already taken (0 for a fresh run). */
  readonly resumedFrom: number;
}

interface Param {
  readonly id: string;
  readonly name: string;
  readonly shape: readonly number[] | null;
  readonly data: Float64Array;
  readonly state: ParamState;
}

/** A parameter's saved optimizer state as the optimizers keep it; what was not saved starts fresh. */
export const toState = (name: string, s: ParamStateJson | undefined, fresh: ParamState, n: number): ParamState => {
  if (!s) return fresh;
  const arr = (a: number[] | undefined) => {
    if (a && a.length !== n) throw new Error(`the saved optimizer state of "${name}" has ${a.length} numbers for its ${n} elements`);
    return a && Float64Array.from(a);
  };
  const out: ParamState = {};
  if (s.step !== undefined) out.step = s.step;
  for (const k of ['momentumBuffer', 'expAvg', 'expAvgSq', 'maxExpAvgSq', 'squareAvg', 'gradAvg', 'sum'] as const) {
    const v = arr(s[k]) ?? fresh[k];
    if (v) out[k] = v;
  }
  return out;
};

const toJson = (s: ParamState): ParamStateJson =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v as Float64Array)]));

/** The document's optimizer and schedules, refused as PyTorch's constructors refuse them. */
function settingsOf(training: Training): FullSettings {
  const s = withDefaults(training.optimizer);
  const bad = settingsProblem(s);
  if (bad) throw new Error(`the optimizer's ${bad.field} must be ${bad.must}, got ${String(bad.got)}`);
  for (const sch of training.schedules ?? []) {
    const p = scheduleProblem(sch);
    if (p) throw new Error(`the ${sch.name} schedule's ${p.field} must be ${p.must}`);
  }
  return s;
}

/**
 * Runs `steps` optimizer steps on the document's trainable inputs with `doc.training`'s optimizer,
 * schedules and data, from the state the document holds (a fresh run when it holds none).
 * @throws Error with one sentence for a graph that is no loss, a parameter without gradient, a
 *   bad setting, data that does not line up, or a step that overflows.
 */
export function train(doc: GraphDocument, opts: TrainOptions): TrainRun {
  const training = doc.training;
  if (!training) throw new Error('the document says nothing about training: give it an optimizer');
  const settings = settingsOf(training);
  const schedules = training.schedules ?? [];
  const data: ResolvedData | null = training.data ? resolveData(doc, training.data, opts.dataset) : null;
  const why = data && dataProblem(data);
  if (why) throw new Error(why);
  const plans = new Map<number, Plan>();
  // One plan per batch size (the last batch of an epoch may be smaller): shapes are fixed at compile time.
  const planFor = (rows: number): Plan => {
    let plan = plans.get(rows);
    if (!plan) plans.set(rows, (plan = compile(data ? data.docWithRows(rows) : doc)));
    return plan;
  };
  const first = planFor(data ? Math.min(data.batchSize, data.trainRows.length) : 0);
  const params: Param[] = doc.nodes.flatMap((nd) => {
    if (!isTrainable(nd)) return [];
    const k = first.index.get(nd.id) as number;
    const v = first.sourceValues[k];
    if (v === undefined) return [];
    const shape = typeof v === 'number' ? null : v.shape;
    const flat = typeof v === 'number' ? Float64Array.of(v) : Float64Array.from(v.data);
    const fresh = initialState(settings, flat.length);
    const name = nd.name ?? nd.id;
    return [{ id: nd.id, name, shape, data: flat, state: toState(name, training.state?.[nd.id], fresh, flat.length) }];
  });
  if (!params.length) throw new Error(NO_TRAINABLE);
  const order = data ? new BatchOrder(data.trainRows.length, data.batchSize, data.seed) : null;
  const base = settings.lr;
  const t0 = training.steps ?? 0;
  let lr = training.lr ?? initialLr(base, schedules);
  const losses: number[] = [];
  const lrs: number[] = [];
  const value = (p: Param): Value => (p.shape ? ({ shape: p.shape, data: p.data } satisfies Tensor) : p.data[0]);
  for (let i = 0; i <= opts.steps; i++) {
    const t = t0 + i;
    const rows = order && data ? Array.from(order.batch(t), (i) => data.trainRows[i]) : undefined;
    const plan = planFor(rows ? rows.length : 0);
    const overrides = new Map<number, Value>();
    for (const p of params) overrides.set(plan.index.get(p.id) as number, value(p));
    if (data && rows) data.inputs.forEach((inp) => overrides.set(plan.index.get(inp.id) as number, takeRows(inp.tensor, rows)));
    const ev = evaluate(plan, { overrides });
    const loss = plan.output < 0 ? undefined : ev.value(plan.output);
    if (typeof loss !== 'number') throw new Error(noLossMessage(rootProblem(plan, ev), labelsOf(plan)));
    losses.push(loss);
    if (i === opts.steps) break;
    lrs.push(lr);
    for (const p of params) {
      const g = ev.grad(plan.index.get(p.id) as number);
      if (g === undefined) throw new Error(noGradientMessage(p.name));
      const grad = typeof g === 'number' ? new Float64Array(p.data.length).fill(g) : g.data;
      update(settings, lr, p.data, grad, p.state);
      checkFinite(p.name, value(p));
    }
    lr = stepLr(lr, base, t + 1, schedules);
    opts.onStep?.(t + 1, loss);
  }
  const byId = new Map(params.map((p) => [p.id, p]));
  const out = emptyRecord<Value>();
  for (const p of params) out[p.name] = p.shape ? { shape: p.shape, data: Float64Array.from(p.data) } : p.data[0];
  const nodes = doc.nodes.map((nd) => {
    const p = byId.get(nd.id);
    return p ? { ...nd, value: documentValue(value(p)) } : nd;
  });
  const state = emptyRecord<ParamStateJson>();
  for (const p of params) state[p.id] = toJson(p.state);
  return {
    losses,
    lrs,
    params: out,
    doc: { ...doc, nodes, training: { ...training, steps: t0 + opts.steps, lr, state } },
    resumedFrom: t0,
  };
}

/** The problem that stops the loss: the first in numbering order that is not merely waiting on another. */
function rootProblem(plan: Plan, ev: Evaluation): NodeProblem | null {
  if (plan.output < 0) return null;
  for (let k = 0; k <= plan.output; k++) {
    const p = ev.problem(k);
    if (p && p.code !== 'upstream' && plan.reaches[k]) return p;
  }
  return ev.problem(plan.output);
}

/** Training settings for a document: its saved progress kept when they are the ones it was trained with, else a fresh start. */
export function withTraining(doc: GraphDocument, next: Pick<Training, 'optimizer' | 'schedules' | 'data'>): GraphDocument {
  const old = doc.training;
  const key = (t: Pick<Training, 'optimizer' | 'schedules' | 'data'> | undefined) =>
    canonical([t?.optimizer, t?.schedules ?? [], t?.data ?? null]);
  const keep = old && key(old) === key(next) ? { steps: old.steps, lr: old.lr, state: old.state } : {};
  const training: Training = { optimizer: next.optimizer, ...(next.schedules?.length ? { schedules: next.schedules } : {}) };
  if (next.data) training.data = next.data;
  return { ...doc, training: { ...training, ...keep } };
}

/** JSON with object keys sorted, so settings written in any order compare equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v !== 'object' || v === null) return JSON.stringify(v) ?? 'null';
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
    .join(',')}}`;
}
