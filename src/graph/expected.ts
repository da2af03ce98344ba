/**
 * Making a fixture: the `expected` block of a document computed by the engine, so a graph built in
 * the editor or from a formula can be checked later (`backprop check`, the PyTorch script) without
 * anyone writing JSON by hand. fixture.ts is the other half: comparing a block with the engine.
 */
import { analyzePlan, type Analysis } from './analyze';
import { compile, MAX_ELEMENTS, type Plan } from './compile';
import { evaluate } from './evaluate';
import { DEFAULT_TOL } from './fixture';
import type { Expected, ExpectedNode, GraphDocument } from './schema';
import { layerParams } from './params';
import { problemText, type NodeProblem } from './problems';
import { summarize } from './summary';
import { kilobytes } from '../format/memory';
import { sizeOf, toNested, type Shape, type Value } from '../tensor/tensor';
import { sgdStep } from './train';

/**
 * Past this many forward multiply-adds a fixture states shapes only: the first blocks of VGG-16
 * (5.9 G) take half a minute to evaluate, and a fixture is checked on every CI run. AlexNet's
 * first layer (73 M) takes a third of a second.
 */
export const FIXTURE_MAX_MACS = 1e9;

/** Why no fixture can be made of a document. */
export type FixtureProblem =
  | { readonly code: 'empty' }
  /** A node the engine cannot evaluate: a fixture of it would expect an answer that does not exist. `error` words `problem`. */
  | { readonly code: 'node'; readonly id: string; readonly label: string; readonly problem: NodeProblem; readonly error: string }
  /** The training step the previous block describes cannot be taken any more. */
  | { readonly code: 'step'; readonly error: string };

export type FixtureResult =
  | {
      readonly ok: true;
      readonly expected: Expected;
      /** Too large to evaluate (over FIXTURE_MAX_MACS): the block states shapes and counts only. */
      readonly shapesOnly: boolean;
      /** The forward pass's multiply-adds, to say why a fixture is shapes only. */
      readonly macs: number;
    }
  | {
      readonly ok: false;
      readonly problems: readonly FixtureProblem[];
      /** What could be computed, the nodes in error left without values: no fixture, but what a check against the engine can use. */
      readonly partial: Expected;
    };

/** A problem in words, one line. */
export function fixtureProblemText(p: FixtureProblem): string {
  switch (p.code) {
    case 'empty':
      return 'the graph has no nodes, so there is nothing to expect';
    case 'node':
      return `${p.label} (node "${p.id}") has no value to expect: ${p.error}`;
    case 'step':
      return `the training step of the expected block cannot be taken: ${p.error}`;
  }
}

const totalMacs = (plan: Plan): number => plan.costs.reduce((t, c) => t + (c?.macs ?? 0), 0);

/** Nodes the engine never materialises (a tensor over MAX_ELEMENTS), and everything they feed. */
function tooLarge(plan: Plan): Uint8Array {
  const big = (s: Shape | null) => s !== null && sizeOf(s) > MAX_ELEMENTS;
  const out = new Uint8Array(plan.n);
  for (let k = 0; k < plan.n; k++) {
    const own = Object.values(plan.implicit[k] ?? {}).map((p) => p.shape);
    if ([plan.shapes[k], ...own].some(big) || plan.inputs[k].some((src) => src >= 0 && out[src])) out[k] = 1;
  }
  return out;
}

const numbers = (v: Value): number | unknown[] => (typeof v === 'number' ? v : (toNested(v) as number | unknown[]));

/** An id- or name-keyed record that a node called `__proto__` or `constructor` cannot corrupt. */
const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/**
 * The expected block of an analysed document: every node's value, gradient and shape by id (and
 * each layer's own tensors', by name: `conv1.weight`, see params.ts), the
 * output when it is a scalar, d(output)/d(input) by input name, and the tolerance (the previous
 * block's, else DEFAULT_TOL, written out). What the previous block asked for beyond that (a
 * node's params, macs or memoryKB, totals, a training step with its lr) is computed afresh too;
 * its exact forms are display text for exams and are not carried over. Nodes too large to
 * evaluate state their shape only; a node in error refuses the fixture.
 */
export function expectedOf(an: Analysis, opts: { shapesOnly: boolean; previous?: Expected }): FixtureResult {
  const { plan } = an;
  const prev = opts.previous;
  if (plan.n === 0) return { ok: false, problems: [{ code: 'empty' }], partial: {} };
  const large = tooLarge(plan);
  // A node waiting on an invalid input is not a problem of its own: report where it starts.
  const problems: FixtureProblem[] = an.invalid.flatMap(({ id, label, index, problem }) =>
    !problem || large[index] || plan.inputs[index].some((src) => src >= 0 && an.nodes[src].problem !== null)
      ? []
      : [{ code: 'node', id, label, problem, error: problemText(problem, an.labels) }],
  );
  const nodes = record<ExpectedNode>();
  for (const r of an.nodes) {
    const was = prev?.nodes && Object.hasOwn(prev.nodes, r.id) ? prev.nodes[r.id] : undefined;
    const e: ExpectedNode = {};
    if (!opts.shapesOnly && !large[r.index] && r.value !== undefined) {
      e.value = numbers(r.value);
      if (r.grad !== undefined) e.grad = numbers(r.grad);
    }
    if (r.shape) e.shape = [...r.shape];
    if (was?.params !== undefined && r.cost) e.params = r.cost.params;
    if (was?.macs !== undefined && r.cost) e.macs = r.cost.macs;
    if (was?.memoryKB !== undefined && r.memoryBytes !== null) e.memoryKB = kilobytes(r.memoryBytes);
    if (was?.tol !== undefined) e.tol = was.tol;
    nodes[r.id] = e;
  }
  for (const p of layerParams(an)) {
    const e: ExpectedNode = {};
    if (!opts.shapesOnly && !large[p.index] && p.value !== undefined) {
      e.value = numbers(p.value);
      if (p.grad !== undefined) e.grad = numbers(p.grad);
    }
    nodes[p.name] = { ...e, shape: [...p.shape] };
  }
  // An expanded call's own id names its body's output: the fixture states it too, so a change that
  // collapses the call (an argument cut off) is reported at the call.
  for (const id of an.plan.inside)
    if (id !== null && !Object.hasOwn(nodes, id)) nodes[id] = { ...nodes[an.plan.ids[an.plan.index.get(id) as number]] };
  const expected: Expected = { tol: prev?.tol ?? DEFAULT_TOL };
  const out = an.output;
  const outValue = out && !opts.shapesOnly && !large[out.index] ? out.value : undefined;
  const scalarOut = typeof outValue === 'number' ? outValue : outValue?.shape.length === 0 ? outValue.data[0] : undefined;
  if (scalarOut !== undefined) expected.output = scalarOut;
  expected.nodes = nodes;
  if (!opts.shapesOnly) {
    const gradients = record<number | unknown[]>();
    for (const [name, g] of Object.entries(an.gradients)) if (g !== undefined) gradients[name] = numbers(g);
    if (Object.keys(gradients).length) expected.gradients = gradients;
  }
  if (prev?.totals) {
    const { totals } = summarize(an);
    expected.totals = Object.fromEntries(
      (['params', 'macs', 'memoryKB'] as const).filter((k) => prev.totals?.[k] !== undefined).map((k) => [k, totals[k]]),
    );
  }
  if (prev?.step && !opts.shapesOnly && !problems.length) {
    const { lr, mean, batch } = prev.step;
    try {
      const res = sgdStep(an.doc, { lr, mean, batch });
      const params = record<number | unknown[]>();
      for (const [name, v] of Object.entries(res.params)) params[name] = numbers(v);
      expected.step = {
        lr,
        ...(mean === undefined ? {} : { mean }),
        ...(batch === undefined ? {} : { batch }),
        lossBefore: res.lossBefore,
        ...(res.lossAfter === undefined ? {} : { lossAfter: res.lossAfter }),
        params,
      };
    } catch (e) {
      problems.push({ code: 'step', error: (e as Error).message });
    }
  }
  if (problems.length) return { ok: false, problems, partial: expected };
  return { ok: true, expected, shapesOnly: opts.shapesOnly, macs: totalMacs(plan) };
}

/**
 * The expected block of a document, evaluated unless it is too large (FIXTURE_MAX_MACS), in which
 * case the block states shapes (and the counts the previous block asked for) only.
 */
export function makeExpected(doc: GraphDocument): FixtureResult {
  const plan = compile(doc);
  const shapesOnly = totalMacs(plan) > FIXTURE_MAX_MACS;
  return expectedOf(analyzePlan(plan, evaluate(plan, { shapesOnly })), { shapesOnly, previous: doc.expected });
}

/** The document with this expected block, in the schema's key order (after `output`, before `view`). */
export function withExpected(doc: GraphDocument, expected: Expected): GraphDocument {
  const { expected: _old, view, meta, ...rest } = doc;
  return { ...rest, expected, ...(view ? { view } : {}), ...(meta ? { meta } : {}) };
}
