import type { Analysis } from './analyze';
import { problemText } from './problems';
import { summarize } from './summary';
import { sgdStep, type StepResult } from './train';
import type { Expected, ExpectedNode } from './schema';
import { findParam } from './params';
import { kilobytes } from '../format/memory';
import { formatShape } from '../format/shape';
import { fromNested, type Value } from '../tensor/tensor';

/** One difference between a document's `expected` block and what the engine computes. */
export interface Mismatch {
  /** Where, e.g. "nodes.add.grad" or "gradients.x". */
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

/** The tolerance of a block that states none: relative, absolute near zero. */
export const DEFAULT_TOL = 1e-9;

/** Within a relative tolerance, absolute near zero. */
const close = (actual: number, expected: number, tol: number): boolean =>
  Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));

const show = (v: unknown): string => (v === undefined ? '(nothing)' : typeof v === 'number' ? String(v) : JSON.stringify(v));

function flat(v: Value): { shape: readonly number[]; data: ArrayLike<number> } {
  return typeof v === 'number' ? { shape: [], data: [v] } : v;
}

/** Compares a computed value with an expected number, nested array or flat array. */
function compareValue(actual: Value | undefined, expected: unknown, tol: number): string | null {
  if (actual === undefined) return 'no value was computed';
  const a = flat(actual);
  if (typeof expected === 'number') {
    return a.data.length === 1 && close(a.data[0], expected, tol)
      ? null
      : `got ${show(typeof actual === 'number' ? actual : Array.from(a.data))}`;
  }
  const e = fromNested(expected);
  if (!e) return 'the expected value is not a number or a rectangular array of numbers';
  const flatOk = e.shape.length === 1 && e.data.length === a.data.length;
  if (!flatOk && (e.shape.length !== a.shape.length || e.shape.some((d, i) => d !== a.shape[i]))) {
    return `shape ${formatShape(a.shape)} differs from the expected ${e.shape.join('×')}`;
  }
  for (let i = 0; i < e.data.length; i++) {
    if (!close(a.data[i], e.data[i], tol)) return `element ${i}: got ${a.data[i]}, expected ${e.data[i]}`;
  }
  return null;
}

/** Whether checking these expectations needs values and gradients, not just shapes and costs. */
export function needsValues(exp: Expected | undefined): boolean {
  if (!exp) return false;
  const nodeValues = Object.values(exp.nodes ?? {}).some((e) => e.value !== undefined || e.grad !== undefined);
  return nodeValues || exp.output !== undefined || exp.gradients !== undefined || exp.step !== undefined;
}

/**
 * How many answers the block states (values, gradients, shapes, counts, exact forms, a training
 * step): a block with none, `{ "tol": 1e-9 }` alone, checks nothing and must not pass.
 */
export function countExpected(exp: Expected | undefined): number {
  if (!exp) return 0;
  const perNode = Object.values(exp.nodes ?? {}).reduce(
    (n, e) =>
      n +
      (['value', 'grad', 'shape', 'params', 'macs', 'memoryKB'] as const).filter((k) => e[k] !== undefined).length +
      Object.keys(e.exact ?? {}).length,
    0,
  );
  const totals = Object.values(exp.totals ?? {}).filter((v) => v !== undefined).length;
  const step = exp.step
    ? [exp.step.lossBefore, exp.step.lossAfter].filter((v) => v !== undefined).length + Object.keys(exp.step.params ?? {}).length
    : 0;
  return (exp.output === undefined ? 0 : 1) + perNode + Object.keys(exp.gradients ?? {}).length + totals + step;
}

/** Every way the analysis disagrees with the document's `expected` block (empty when it matches). */
export function checkExpected(an: Analysis): Mismatch[] {
  const exp = an.doc.expected;
  if (!exp) return [];
  const tol0 = exp.tol ?? DEFAULT_TOL;
  const out: Mismatch[] = [];
  const cmp = (path: string, actual: Value | undefined, expected: unknown, tol: number) => {
    const why = compareValue(actual, expected, tol);
    if (why) out.push({ path, expected: show(expected), actual: why });
  };
  if (exp.output !== undefined) cmp('output', an.output?.value, exp.output, tol0);
  for (const [id, e] of Object.entries(exp.nodes ?? {})) {
    const r = an.byId.get(id);
    if (!r) {
      const param = findParam(an.plan, id);
      if (param) out.push(...checkParam(an, id, param, e, e.tol ?? tol0));
      else
        out.push({
          path: `nodes.${id}`,
          expected: 'a node with this id, or a layer parameter such as conv1.weight',
          actual: 'no such node',
        });
      continue;
    }
    const tol = e.tol ?? tol0;
    if (r.problem && (e.value !== undefined || e.grad !== undefined)) {
      out.push({ path: `nodes.${id}`, expected: 'no error', actual: problemText(r.problem, an.labels) });
      continue;
    }
    if (e.value !== undefined) cmp(`nodes.${id}.value`, r.value, e.value, tol);
    if (e.grad !== undefined) cmp(`nodes.${id}.grad`, r.grad, e.grad, tol);
    if (e.shape !== undefined && (r.shape === null || r.shape.join('×') !== e.shape.join('×'))) {
      out.push({
        path: `nodes.${id}.shape`,
        expected: e.shape.join('×'),
        actual: r.shape ? formatShape(r.shape) : r.problem ? problemText(r.problem, an.labels) : 'unknown',
      });
    }
    if (e.params !== undefined && r.cost?.params !== e.params)
      out.push({ path: `nodes.${id}.params`, expected: String(e.params), actual: show(r.cost?.params) });
    if (e.macs !== undefined && r.cost?.macs !== e.macs)
      out.push({ path: `nodes.${id}.macs`, expected: String(e.macs), actual: show(r.cost?.macs) });
    if (e.memoryKB !== undefined && (r.memoryBytes === null || !close(kilobytes(r.memoryBytes), e.memoryKB, tol))) {
      out.push({
        path: `nodes.${id}.memoryKB`,
        expected: String(e.memoryKB),
        actual: show(r.memoryBytes === null ? undefined : kilobytes(r.memoryBytes)),
      });
    }
  }
  for (const [name, g] of Object.entries(exp.gradients ?? {})) cmp(`gradients.${name}`, an.gradients[name], g, tol0);
  if (exp.totals) {
    const { totals } = summarize(an);
    for (const key of ['params', 'macs', 'memoryKB'] as const) {
      const want = exp.totals[key];
      if (want !== undefined && !close(totals[key], want, tol0))
        out.push({ path: `totals.${key}`, expected: String(want), actual: String(totals[key]) });
    }
  }
  if (exp.step) out.push(...checkStep(an, exp.step, tol0));
  return out;
}

/** A layer's own tensor against its entry: value, gradient and shape; counts belong to the layer. */
function checkParam(an: Analysis, name: string, at: { index: number; port: string }, e: ExpectedNode, tol: number): Mismatch[] {
  const out: Mismatch[] = [];
  const ev = an.evaluation;
  const problem = an.nodes[at.index].problem;
  if (problem && (e.value !== undefined || e.grad !== undefined)) {
    return [{ path: `nodes.${name}`, expected: 'no error', actual: problemText(problem, an.labels) }];
  }
  for (const [key, actual] of [
    ['value', ev.paramValue(at.index, at.port)],
    ['grad', ev.paramGrad(at.index, at.port)],
  ] as const) {
    const want = e[key];
    const why = want === undefined ? null : compareValue(actual, want, tol);
    if (why) out.push({ path: `nodes.${name}.${key}`, expected: show(want), actual: why });
  }
  const shape = an.plan.implicit[at.index]?.[at.port]?.shape ?? [];
  if (e.shape !== undefined && shape.join('×') !== e.shape.join('×'))
    out.push({ path: `nodes.${name}.shape`, expected: e.shape.join('×'), actual: formatShape(shape) });
  for (const key of ['params', 'macs', 'memoryKB'] as const)
    if (e[key] !== undefined)
      out.push({ path: `nodes.${name}.${key}`, expected: String(e[key]), actual: 'counted on its layer, not per tensor' });
  return out;
}

function checkStep(an: Analysis, step: NonNullable<Expected['step']>, tol: number): Mismatch[] {
  let res: StepResult;
  try {
    res = sgdStep(an.doc, { lr: step.lr, mean: step.mean, batch: step.batch });
  } catch (e) {
    return [{ path: 'step', expected: 'a training step', actual: (e as Error).message }];
  }
  const out: Mismatch[] = [];
  const cmp = (path: string, actual: Value | undefined, expected: unknown) => {
    const why = compareValue(actual, expected, tol);
    if (why) out.push({ path, expected: show(expected), actual: why });
  };
  if (step.lossBefore !== undefined) cmp('step.lossBefore', res.lossBefore, step.lossBefore);
  if (step.lossAfter !== undefined) cmp('step.lossAfter', res.lossAfter, step.lossAfter);
  for (const [name, v] of Object.entries(step.params ?? {})) cmp(`step.params.${name}`, res.params[name], v);
  return out;
}

/** Exact forms compare without regard to spaces and multiplication dots: "-6 ln2" = "-6 ln 2". */
const normalizeExact = (s: string): string => s.replace(/[\s·*]/g, '').replace(/−/g, '-');

/** Where the exam's exact forms (`expected.nodes.<id>.exact`) differ from the closed forms computed. */
export function checkExact(
  an: Analysis,
  exact: { readonly value: readonly ({ text: string } | null)[]; readonly grad: readonly ({ text: string } | null)[] },
): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [id, e] of Object.entries(an.doc.expected?.nodes ?? {})) {
    const r = an.byId.get(id);
    if (!r || !e.exact) continue;
    for (const key of ['value', 'grad'] as const) {
      const want = e.exact[key];
      if (want === undefined) continue;
      const got = exact[key][r.index]?.text;
      if (got === undefined || normalizeExact(got) !== normalizeExact(want)) {
        out.push({ path: `nodes.${id}.exact.${key}`, expected: want, actual: got ?? 'no closed form' });
      }
    }
  }
  return out;
}
