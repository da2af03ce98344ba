import { labelsOf } from '../../graph/compile';
import { DEFAULT_TOL } from '../../graph/fixture';
import { findParam } from '../../graph/params';
import { problemText } from '../../graph/problems';
import type { Expected, ExpectedNode } from '../../graph/schema';
import { fromNested } from '../../tensor/tensor';
import { gradExpression, type Build } from './graph';
import { pyString } from '../../escape/python';
import { oneLine } from '../../escape/text';
import { pyFloat, pyInt, pyNested } from './python';

/** The Python functions the checks call; written once per script, before the checks. */
export const HELPERS = String.raw`failures = []
# How many comparisons ran: a script that compared nothing must not print ok.
compared = 0


def fail(path, why):
    failures.append(path)
    print(f'MISMATCH {path}: {why}')


def engine_error(path, actual, why):
    """A node Backprop Studio cannot evaluate: whatever PyTorch computes there (NaN, inf) is no answer."""
    global compared
    compared += 1
    got = actual.detach().reshape(-1)
    bad = got[~torch.isfinite(got)].tolist()
    seen = bad[0] if bad else (got.tolist() if len(got) > 1 else got[0].item())
    fail(path, f'PyTorch computes {seen} where Backprop Studio reports an error: {why}')


def _close(a, e, tol):
    """Relative tolerance, absolute near zero, as Backprop Studio's checker."""
    return abs(a - e) <= tol * max(1.0, abs(e))


def _shape_of(v):
    shape = []
    while isinstance(v, list):
        shape.append(len(v))
        v = v[0] if v else None
    return shape


def _flatten(v):
    return [x for e in v for x in _flatten(e)] if isinstance(v, list) else [v]


def check(path, actual, expected, tol):
    """A tensor against a number or a list of numbers: nested in its shape, or flat in row-major order."""
    global compared
    compared += 1
    if actual is None:
        fail(path, 'no gradient reached it')
        return
    got = actual.detach().reshape(-1).tolist()
    if not isinstance(expected, list):
        if len(got) != 1 or not _close(got[0], expected, tol):
            fail(path, f'got {got[0] if len(got) == 1 else got}, expected {expected}')
        return
    want, shape = _flatten(expected), _shape_of(expected)
    if not (len(shape) == 1 and len(want) == len(got)) and shape != list(actual.shape):
        fail(path, f'shape {list(actual.shape)} differs from the expected {shape}')
        return
    for i, (a, e) in enumerate(zip(got, want)):
        if not _close(a, e, tol):
            fail(path, f'element {i}: got {a}, expected {e}')
            return


def check_shape(path, actual, expected):
    global compared
    compared += 1
    if list(actual.shape) != expected:
        fail(path, f'shape {list(actual.shape)}, expected {expected}')
`.split('\n');

/** What HELPERS defines, and the title; node variables must not take these names. */
export const HELPER_NAMES = [
  'failures',
  'compared',
  'fail',
  'engine_error',
  '_close',
  '_shape_of',
  '_flatten',
  'check',
  'check_shape',
  'TITLE',
];

export { DEFAULT_TOL };

/** Whether the block states anything PyTorch can compare (counts, memory and exact forms it cannot). */
export function torchComparable(exp: Expected | undefined): boolean {
  if (!exp) return false;
  const node = Object.values(exp.nodes ?? {}).some((e) => e.value !== undefined || e.grad !== undefined || e.shape !== undefined);
  const step =
    exp.step && (exp.step.lossBefore !== undefined || exp.step.lossAfter !== undefined || Object.keys(exp.step.params ?? {}).length > 0);
  return exp.output !== undefined || node || Object.keys(exp.gradients ?? {}).length > 0 || Boolean(step);
}

/**
 * A failure for every node where the engine reports an error of its own (not one waiting on an
 * input's): the script must not print ok over a NaN that PyTorch computes without complaint.
 */
export function errorLines(b: Build): string[] {
  const ev = b.evaluation;
  if (!ev) return [];
  const { plan } = b;
  return plan.nodes.flatMap((nd, k) => {
    const why = b.meta[k] ? null : ev.problem(k);
    if (why === null || plan.inputs[k].some((src) => src >= 0 && ev.problem(src) !== null)) return [];
    return [`engine_error(${pyString(`nodes.${nd.id}`)}, ${b.vars[k]}, ${pyString(problemText(why, labelsOf(plan)))})`];
  });
}

/** A path or reason as the script prints it: on one line, no control character reaching the terminal. */
const shown = (text: string): string => pyString(oneLine(text));

/** A mismatch known before running anything (a node that does not exist, a ragged expected array). */
export const failLine = (path: string, why: string): string => `fail(${shown(path)}, ${shown(why)})`;

/** `check(...)` of a Python tensor expression against an expected number or (nested) array. */
export function valueCheck(path: string, actual: string, expected: unknown, tol: number): string {
  const e = typeof expected === 'number' ? expected : fromNested(expected);
  if (e === null) return failLine(path, 'the expected value is not a number or a rectangular array of numbers');
  return `check(${shown(path)}, ${actual}, ${typeof e === 'number' ? pyFloat(e) : pyNested(e)}, ${pyFloat(tol)})`;
}

/** A comparison of a node's value or gradient, or the reason it cannot be made. */
function compareLine(b: Build, path: string, k: number, expected: unknown, tol: number, grad: boolean): string {
  const { plan } = b;
  if (b.meta[k]) return failLine(path, 'too large to evaluate here, as in Backprop Studio: only its shape is computed');
  if (!grad) return valueCheck(path, b.vars[k], expected, tol);
  if (!plan.reaches[k]) {
    return failLine(path, 'no gradient: the node does not feed the output, or only as a class index or class weight (as in PyTorch)');
  }
  if (b.meta[plan.output]) return failLine(path, 'no gradient: the output is too large to evaluate');
  return valueCheck(path, gradExpression(b, k), expected, tol);
}

/** The checks of a layer's own tensor (`conv1.weight`): its value, its gradient (a leaf autograd tracks) and its shape. */
function paramLines(b: Build, name: string, at: { index: number; port: string }, e: ExpectedNode, tol: number): string[] {
  const v = b.owned[at.index]?.[at.port] as string;
  const lines: string[] = [];
  const meta = b.meta[at.index] ? 'too large to evaluate here, as in Backprop Studio: only its shape is computed' : null;
  if (e.value !== undefined) lines.push(meta ? failLine(`nodes.${name}.value`, meta) : valueCheck(`nodes.${name}.value`, v, e.value, tol));
  if (e.grad !== undefined) {
    const path = `nodes.${name}.grad`;
    if (meta) lines.push(failLine(path, meta));
    else if (!b.plan.reaches[at.index]) lines.push(failLine(path, 'no gradient: the layer does not feed the output'));
    else lines.push(valueCheck(path, `${v}.grad`, e.grad, tol));
  }
  if (e.shape !== undefined) lines.push(`check_shape(${shown(`nodes.${name}.shape`)}, ${v}, [${e.shape.map(pyInt).join(', ')}])`);
  return lines;
}

/** The checks of the expected block, and the expectations left to Backprop Studio (counts, memory, exact forms). */
export function checkLines(b: Build, exp: Expected): { lines: string[]; skipped: string[] } {
  const { plan } = b;
  const tol0 = exp.tol ?? DEFAULT_TOL;
  const lines: string[] = [];
  const skipped: string[] = [];
  if (exp.output !== undefined) {
    lines.push(
      plan.output >= 0 ? compareLine(b, 'output', plan.output, exp.output, tol0, false) : failLine('output', 'the graph has no output'),
    );
  }
  for (const [id, e] of Object.entries(exp.nodes ?? {})) {
    const k = plan.index.get(id);
    if (k === undefined) {
      const param = findParam(plan, id);
      if (param) lines.push(...paramLines(b, id, param, e, e.tol ?? tol0));
      else lines.push(failLine(`nodes.${id}`, 'no such node'));
      continue;
    }
    const tol = e.tol ?? tol0;
    if (e.value !== undefined) lines.push(compareLine(b, `nodes.${id}.value`, k, e.value, tol, false));
    if (e.grad !== undefined) lines.push(compareLine(b, `nodes.${id}.grad`, k, e.grad, tol, true));
    if (e.shape !== undefined) lines.push(`check_shape(${shown(`nodes.${id}.shape`)}, ${b.vars[k]}, [${e.shape.map(pyInt).join(', ')}])`);
    for (const key of ['params', 'macs', 'memoryKB', 'exact'] as const) if (e[key] !== undefined) skipped.push(`nodes.${id}.${key}`);
  }
  for (const [name, g] of Object.entries(exp.gradients ?? {})) {
    // The last input of that name, as the engine's gradients-by-name record keeps it.
    const k = plan.nodes.findLastIndex((nd) => nd.op === 'input' && (nd.name ?? nd.id) === name);
    lines.push(k < 0 ? failLine(`gradients.${name}`, 'no input of that name') : compareLine(b, `gradients.${name}`, k, g, tol0, true));
  }
  for (const key of ['params', 'macs', 'memoryKB'] as const) if (exp.totals?.[key] !== undefined) skipped.push(`totals.${key}`);
  return { lines, skipped };
}
