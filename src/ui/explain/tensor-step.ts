import { formatLabel } from '../../format/number';
import type { Tensor, Value } from '../../tensor/tensor';
import { isWindowed } from '../../ops/registry';
import { readPlanes, readWindow } from '../../ops/tensor/kernels/window';
import type { Session } from '../playback/session';
import {
  argmaxIn,
  inputGradTerms,
  offsets,
  outputCellTerms,
  outputDims,
  sumTerms,
  termText,
  windowOf,
  type CellGeometry,
  type CellTerm,
} from './conv-cells';

export type WindowOp = 'conv2d' | 'maxPool2d' | 'avgPool2d';

/**
 * A step that slides a window over an image, with what its picture needs: a conv or pool node's
 * forward step, or the backward step of a node whose gradient comes back through one (port x).
 * Images past the first of a batch are not drawn.
 */
export interface WindowStep {
  readonly op: WindowOp;
  readonly mode: 'forward' | 'backward';
  /** Plan index of the conv or pool node. */
  readonly node: number;
  /** Plan index of the node feeding its x. */
  readonly input: number;
  readonly g: CellGeometry;
  readonly x: Tensor;
  readonly weight: Tensor | null;
  readonly y: Tensor;
  /** Backward: the gradient arriving at the conv or pool output, and the step's own gradient. */
  readonly dy: Tensor | null;
  readonly dx: Tensor | null;
}

const isTensor = (v: Value | undefined): v is Tensor => typeof v === 'object';

function geometryOf(s: Session, node: number, x: Tensor): CellGeometry {
  const op = s.plan.ops[node].type;
  const p = s.plan.params[node];
  const planes = readPlanes(op, x.shape);
  const win = readWindow(p, { kernel: 2, stride: [], padding: 0 }, op !== 'conv2d');
  return { cin: planes.c, cout: op === 'conv2d' ? (p.outChannels as number) : planes.c, h: planes.h, w: planes.w, win };
}

function build(s: Session, node: number, mode: WindowStep['mode'], dy: Value | undefined, dx: Value | undefined): WindowStep | null {
  const { plan, ev } = s;
  const input = plan.inputs[node][0];
  const x = input >= 0 ? ev.value(input) : undefined;
  const y = ev.value(node);
  if (!isTensor(x) || !isTensor(y)) return null;
  const op = plan.ops[node].type as WindowOp;
  let weight: Value | undefined;
  if (op === 'conv2d') {
    const src = plan.inputs[node][1];
    weight = src >= 0 ? ev.value(src) : ev.paramValue(node, 'weight');
    if (!isTensor(weight)) return null;
  }
  return {
    op,
    mode,
    node,
    input,
    g: geometryOf(s, node, x),
    x,
    y,
    weight: isTensor(weight) ? weight : null,
    dy: isTensor(dy) ? dy : null,
    dx: isTensor(dx) ? dx : null,
  };
}

/** The window step that trace step `index` is, if it is one. */
export function windowStep(s: Session, index: number): WindowStep | null {
  const step = s.trace.at(index);
  if (step.kind === 'forward') return isWindowed(step.op) ? build(s, step.node, 'forward', undefined, undefined) : null;
  const via = step.contributions.find((c) => c.port === 'x' && isWindowed(s.plan.ops[c.to].type));
  return via ? build(s, via.to, 'backward', via.upstream, step.grad) : null;
}

/** How a cell of a picture is marked: the window read, its maximum, a term's cell, the cell picked. */
export type Mark = 'window' | 'argmax' | 'term' | 'picked';

/** Marks on each picture (flat indices in its first plane) and the worked sum, for the picked cell. */
export interface Worked {
  readonly x: ReadonlyMap<number, Mark>;
  readonly weight: ReadonlyMap<number, Mark>;
  readonly y: ReadonlyMap<number, Mark>;
  /** "Y[1,1] = W[2,2] X[1,1] + …", then the numbers, then the result. */
  readonly lines: readonly string[];
}

const MAX_TERMS = 12;
const cellName = (name: string, ...idx: number[]) => `${name}[${idx.map((i) => i + 1).join(',')}]`;

function joinTerms(parts: readonly string[]): string {
  const shown = parts.slice(0, MAX_TERMS).join(' + ');
  return parts.length > MAX_TERMS ? `${shown} + … (${parts.length - MAX_TERMS} more)` : shown;
}

/**
 * The picked cell worked out. Forward: output cell `picked` of a conv (the sum of products that
 * made it) or a pool (its window and, for max, the argmax). Backward through a conv: input cell
 * `picked` and the dY cells and weights that feed its gradient; through a pool: where output
 * cell `picked` sends its gradient.
 */
export function workOut(ws: WindowStep, picked: number): Worked {
  const { g } = ws;
  const [, wo] = outputDims(g);
  const x = new Map<number, Mark>();
  const weight = new Map<number, Mark>();
  const y = new Map<number, Mark>();
  const kernelCell = (t: CellTerm) => t.i * g.win.kw + t.j;
  if (ws.op === 'conv2d' && ws.mode === 'backward' && ws.weight && ws.dy) {
    const [h, w] = [Math.floor(picked / g.w), picked % g.w];
    const terms = inputGradTerms(g, 0, h, w);
    x.set(picked, 'picked');
    for (const t of terms.filter((t) => t.co === 0)) {
      y.set(t.oh * wo + t.ow, 'term');
      weight.set(kernelCell(t), 'term');
    }
    const products = terms.map(
      (t) => `(${formatLabel(ws.weight?.data[offsets(g, t).weight] ?? 0)})(${formatLabel(ws.dy?.data[offsets(g, t).y] ?? 0)})`,
    );
    return {
      x,
      weight,
      y,
      lines: [
        `dX${cellName('', h, w)} = ${joinTerms(terms.map((t) => termText(g, t, 'dY')))}`,
        `= ${joinTerms(products)} = ${formatLabel(sumTerms(g, terms, ws.weight.data, ws.dy.data, 'y'))}`,
      ],
    };
  }
  const [oh, ow] = [Math.floor(picked / wo), picked % wo];
  y.set(picked, 'picked');
  if (ws.op === 'conv2d' && ws.weight) {
    const terms = outputCellTerms(g, 0, oh, ow);
    for (const t of terms.filter((t) => t.ci === 0)) {
      x.set(t.h * g.w + t.w, 'window');
      weight.set(kernelCell(t), 'term');
    }
    const products = terms.map(
      (t) => `(${formatLabel(ws.weight?.data[offsets(g, t).weight] ?? 0)})(${formatLabel(ws.x.data[offsets(g, t).x])})`,
    );
    return {
      x,
      weight,
      y,
      lines: [
        `Y${cellName('', oh, ow)} = ${joinTerms(terms.map((t) => termText(g, t, 'X')))}`,
        `= ${joinTerms(products)} = ${formatLabel(sumTerms(g, terms, ws.weight.data, ws.x.data, 'x'))}`,
      ],
    };
  }
  const box = windowOf(g, oh, ow);
  for (let h = box.h0; h < box.h1; h++) for (let w = box.w0; w < box.w1; w++) x.set(h * g.w + w, 'window');
  const cells = [...x.keys()];
  const values = cells.map((i) => ws.x.data[i]);
  const arg = argmaxIn(ws.x.data, g.w, box);
  const argName = cellName('X', Math.floor(arg / g.w), arg % g.w);
  if (ws.op === 'maxPool2d') x.set(arg, 'argmax');
  const name = cellName('Y', oh, ow);
  if (ws.mode === 'forward') {
    return ws.op === 'maxPool2d'
      ? { x, weight, y, lines: [`${name} = max(${values.map(formatLabel).join(', ')}) = ${formatLabel(ws.x.data[arg])}, at ${argName}`] }
      : {
          x,
          weight,
          y,
          lines: [`${name} = (${values.map(formatLabel).join(' + ')}) / ${g.win.kh * g.win.kw} = ${formatLabel(ws.y.data[picked])}`],
        };
  }
  const g0 = ws.dy?.data[picked] ?? 0;
  return ws.op === 'maxPool2d'
    ? { x, weight, y, lines: [`d${name} = ${formatLabel(g0)} goes to ${argName}, the max of its window, alone; the other cells get 0`] }
    : {
        x,
        weight,
        y,
        lines: [
          `d${name} = ${formatLabel(g0)} is shared equally: each of the ${g.win.kh * g.win.kw} cells of its window gets ${formatLabel(g0 / (g.win.kh * g.win.kw))}`,
        ],
      };
}
