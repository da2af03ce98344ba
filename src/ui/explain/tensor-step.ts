import { formatLabel } from '../../format/number';
import type { Tensor, Value } from '../../tensor/tensor';
import { isWindowed } from '../../ops/registry';
import type { PoolGeometry } from '../../ops/tensor/kernels/pool2d';
import { readPlanes, readWindow } from '../../ops/tensor/kernels/window';
import { maxPoolWinners, poolWindows } from '../../ops/tensor/pool';
import { readTranspose, transposeOutputSize } from '../../ops/tensor/conv-transpose';
import { readConv1d } from '../../ops/tensor/conv1d';
import type { Params } from '../../ops/types';
import type { Session } from '../playback/session';
import {
  inputGradTerms,
  offsets,
  outputCellTerms,
  outputDims,
  poolCells,
  sumTerms,
  termText,
  weightGradTerms,
  type CellGeometry,
  type CellTerm,
} from './conv-cells';
import {
  copiesLine,
  paddedInputGradTerms,
  paddedOutputTerms,
  paddedTermText,
  paddedWeightGradTerms,
  paddingLine,
  padSource,
  type PadSource,
  type PaddedTerm,
} from './padded-cells';
import type { PaddingMode } from '../../ops/tensor/kernels/pad2d';

export type WindowOp = 'conv2d' | 'convTranspose2d' | 'maxPool2d' | 'avgPool2d';

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
  /**
   * The convolution's cells; for a transposed convolution, those of the convolution it is the
   * adjoint of (whose input is the transposed one's output Y and whose output is its input X).
   */
  readonly g: CellGeometry;
  /** A pool's windows as its kernel reads them, and whether its average counts the padding. */
  readonly pool: {
    readonly g: PoolGeometry;
    readonly countIncludePad: boolean;
    /** Max pooling: the input cell that won each window (first plane first), as the kernel picked it. */
    readonly winners: Int32Array | null;
  } | null;
  readonly x: Tensor;
  readonly weight: Tensor | null;
  readonly y: Tensor;
  /** Backward: the gradient arriving at the conv or pool output, and the step's own gradient. */
  readonly dy: Tensor | null;
  readonly dx: Tensor | null;
  /** A conv padded by copying (reflect, replicate, circular): where each padding cell comes from. Null for zeros. */
  readonly pad: PadSource | null;
}

const isTensor = (v: Value | undefined): v is Tensor => typeof v === 'object';

/** The transposed convolution's adjoint: a convolution from its output Y back to its input X. */
function adjointGeometry(p: Params, x: Tensor): CellGeometry {
  const planes = readPlanes('convTranspose2d', x.shape);
  const c = readTranspose(p);
  const { win } = c;
  return {
    cin: c.cout,
    cout: c.cin,
    h: transposeOutputSize(planes.h, win.kh, win.sh, win.ph, win.dh, c.oph),
    w: transposeOutputSize(planes.w, win.kw, win.sw, win.pw, win.dw, c.opw),
    win,
    groups: c.groups,
  };
}

function geometryOf(s: Session, node: number, x: Tensor): CellGeometry {
  const op = s.plan.ops[node].type;
  const p = s.plan.params[node];
  if (op === 'convTranspose2d') return adjointGeometry(p, x);
  if (op === 'conv1d') {
    const c = readConv1d(p);
    return { cin: c.cin, cout: c.cout, h: 1, w: x.shape[x.shape.length - 1], win: c.win, groups: c.groups };
  }
  const planes = readPlanes(op, x.shape);
  const conv = op === 'conv2d';
  const win = readWindow(conv ? p : { ...p, dilation: p.dilation ?? 1 }, { kernel: 2, stride: [], padding: 0 }, !conv, conv);
  return {
    cin: planes.c,
    cout: conv ? (p.outChannels as number) : planes.c,
    h: planes.h,
    w: planes.w,
    win,
    groups: conv ? ((p.groups as number) ?? 1) : 1,
  };
}

/** A 1-D tensor (…×L) seen as one row (…×1×L), so conv1d is drawn and worked as a conv2d one row tall. */
const oneRow = (t: Tensor): Tensor => ({ ...t, shape: [...t.shape.slice(0, -1), 1, t.shape[t.shape.length - 1]] });

function build(s: Session, node: number, step: WindowStep['mode'], dy: Value | undefined, dx: Value | undefined): WindowStep | null {
  const { plan, ev } = s;
  const input = plan.inputs[node][0];
  const x = input >= 0 ? ev.value(input) : undefined;
  const y = ev.value(node);
  if (!isTensor(x) || !isTensor(y)) return null;
  const type = plan.ops[node].type;
  const p = plan.params[node];
  const mode = (p.paddingMode ?? 'zeros') as PaddingMode;
  // PyTorch's transposed convolution pads with zeros only.
  if (mode !== 'zeros' && type === 'convTranspose2d') return null;
  let weight: Value | undefined;
  if (type === 'conv2d' || type === 'conv1d' || type === 'convTranspose2d') {
    const src = plan.inputs[node][1];
    weight = src >= 0 ? ev.value(src) : ev.paramValue(node, 'weight');
    if (!isTensor(weight)) return null;
  }
  if (type === 'conv1d') {
    const view = (v: Value | undefined) => (isTensor(v) ? oneRow(v) : v);
    const g = geometryOf(s, node, x);
    const pad = mode === 'zeros' ? null : padSource(g, mode);
    return buildFrom('conv2d', step, node, input, g, null, oneRow(x), oneRow(y), view(weight), view(dy), view(dx), pad);
  }
  const op = type as WindowOp;
  const pool =
    op === 'maxPool2d' || op === 'avgPool2d'
      ? { ...poolWindows(op, x.shape, p), winners: op === 'maxPool2d' ? maxPoolWinners(op, x, p) : null }
      : null;
  const g = geometryOf(s, node, x);
  return buildFrom(op, step, node, input, g, pool, x, y, weight, dy, dx, mode === 'zeros' ? null : padSource(g, mode));
}

function buildFrom(
  op: WindowOp,
  mode: WindowStep['mode'],
  node: number,
  input: number,
  g: CellGeometry,
  pool: WindowStep['pool'],
  x: Tensor,
  y: Tensor,
  weight: Value | undefined,
  dy: Value | undefined,
  dx: Value | undefined,
  pad: PadSource | null,
): WindowStep {
  return {
    pad,
    op,
    mode,
    node,
    input,
    g,
    pool,
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

function joinTerms(parts: readonly string[], sep = ' + '): string {
  const shown = parts.slice(0, MAX_TERMS).join(sep);
  return parts.length > MAX_TERMS ? `${shown}${sep}… (${parts.length - MAX_TERMS} more)` : shown;
}

/** The cell picked in the step's own picture, or (backward through a conv) a kernel cell for its dW instead. */
export interface Picked {
  readonly cell: number;
  readonly weight: number | null;
}

/** Where the step's pictures read their picked cell: Y forward, dX backward through a conv, X for where a transposed input lands. */
export function pickedPanel(ws: WindowStep): 'X' | 'Y' | 'dY' | 'dX' {
  const conv = ws.op === 'conv2d' || ws.op === 'convTranspose2d';
  if (ws.mode === 'forward') return ws.op === 'convTranspose2d' ? 'X' : 'Y';
  return conv ? 'dX' : 'dY';
}

/**
 * The dW cell of a conv's kernel picture (the first channels' kernel) worked out over the first
 * image: Σ dY · X over every position the kernel cell visited. Marks the dY cells it reads.
 */
function workWeightGrad(ws: WindowStep, kernelCell: number, transposed: boolean): Worked {
  const { g } = ws;
  const weight = new Map<number, Mark>([[kernelCell, 'picked']]);
  const y = new Map<number, Mark>();
  if (!ws.dy) return { x: new Map(), weight, y, lines: [] };
  const [i, j] = [Math.floor(kernelCell / g.win.kw), kernelCell % g.win.kw];
  const [, wo] = outputDims(g);
  const pad = transposed ? null : ws.pad;
  const terms: PaddedTerm[] = pad
    ? paddedWeightGradTerms(g, pad, 0, 0, i, j)
    : weightGradTerms(g, 0, 0, i, j).map((t) => ({ ...t, ph: t.h, pw: t.w }));
  // A conv's dW pairs dY (g's output) with X (g's input); a transposed one's pairs X (g's output) with dY (g's input).
  const [outArr, inArr, outName, inName] = transposed ? [ws.x, ws.dy, 'X', 'dY'] : [ws.dy, ws.x, 'dY', 'X'];
  for (const t of terms) y.set(transposed ? t.h * g.w + t.w : t.oh * wo + t.ow, 'term');
  let sum = 0;
  const products = terms.map((t) => {
    const o = offsets(g, t);
    sum += outArr.data[o.y] * inArr.data[o.x];
    return `(${formatLabel(outArr.data[o.y])})(${formatLabel(inArr.data[o.x])})`;
  });
  const batched = ws.x.shape.length === 4 && ws.x.shape[0] > 1;
  const name = g.cin > 1 || g.cout > 1 ? cellName('dW', 0, 0, i, j) : cellName('dW', i, j);
  return {
    x: new Map(),
    weight,
    y,
    lines: [
      `${name} = ${joinTerms(terms.map((t) => `${cellName(outName, t.oh, t.ow)} ${cellName(inName, t.ph, t.pw)}`))}`,
      `= ${joinTerms(products)} = ${formatLabel(sum)}${batched ? ' (first image; dW adds every image’s sum)' : ''}`,
      ...(pad ? [paddingLine(g, pad, terms, ws.x.data)].filter(Boolean) : []),
    ],
  };
}

/** A transposed convolution: where input cell X[h, w] lands (forward), or the sum its gradient collects (backward). */
function workTransposed(ws: WindowStep, picked: Picked): Worked {
  const { g } = ws;
  const [, wIn] = outputDims(g);
  const [h, w] = [Math.floor(picked.cell / wIn), picked.cell % wIn];
  const x = new Map<number, Mark>([[picked.cell, 'picked']]);
  const weight = new Map<number, Mark>();
  const y = new Map<number, Mark>();
  // X[0, h, w] is output cell (h, w) of the adjoint convolution; its window is the Y cells it lands on.
  const terms = outputCellTerms(g, 0, h, w);
  for (const t of terms.filter((t) => t.ci === 0)) {
    y.set(t.h * g.w + t.w, 'term');
    weight.set(t.i * g.win.kw + t.j, 'term');
  }
  const wOf = (t: CellTerm) => ws.weight?.data[offsets(g, t).weight] ?? 0;
  const yName = (t: CellTerm) => (g.cin > 1 ? cellName('Y', t.ci, t.h, t.w) : cellName('Y', t.h, t.w));
  const wName = (t: CellTerm) =>
    g.cin > 1 || g.cout > 1 ? cellName('W', t.co, t.ci % (g.cin / g.groups), t.i, t.j) : cellName('W', t.i, t.j);
  if (ws.mode === 'forward') {
    const v = ws.x.data[picked.cell];
    return {
      x,
      weight,
      y,
      lines: [
        `${cellName('X', h, w)} = ${formatLabel(v)} lands on ${terms.length} output cells, times the kernel cell that meets each:`,
        joinTerms(
          terms.map((t) => `${yName(t)} += ${wName(t)}·X = (${formatLabel(wOf(t))})(${formatLabel(v)})`),
          '; ',
        ),
      ],
    };
  }
  const dy = ws.dy;
  if (!dy) return { x, weight, y, lines: [] };
  if (picked.weight !== null) return workWeightGrad(ws, picked.weight, true);
  return {
    x,
    weight,
    y,
    lines: [
      `dX${cellName('', h, w)} = ${joinTerms(terms.map((t) => `${wName(t)} d${yName(t)}`))}`,
      `= ${joinTerms(terms.map((t) => `(${formatLabel(wOf(t))})(${formatLabel(dy.data[offsets(g, t).x])})`))} = ${formatLabel(sumTerms(g, terms, ws.weight?.data ?? [], dy.data, 'x'))}`,
    ],
  };
}

/** A pool: the window of output cell `picked` and, for max, its winner as the kernel picked it. */
function workPool(ws: WindowStep, picked: number): Worked {
  const pool = ws.pool;
  const x = new Map<number, Mark>();
  const y = new Map<number, Mark>([[picked, 'picked']]);
  if (!pool) return { x, weight: new Map(), y, lines: [] };
  const { g } = pool;
  const [oh, ow] = [Math.floor(picked / g.wo), picked % g.wo];
  const cells = poolCells(g, oh, ow);
  for (const c of cells) x.set(c, 'window');
  const values = cells.map((i) => ws.x.data[i]);
  const name = cellName('Y', oh, ow);
  if (ws.op === 'maxPool2d') {
    const arg = pool.winners?.[picked] ?? cells[0];
    x.set(arg, 'argmax');
    const argName = cellName('X', Math.floor(arg / g.w), arg % g.w);
    if (ws.mode === 'forward') {
      return {
        x,
        weight: new Map(),
        y,
        lines: [`${name} = max(${values.map(formatLabel).join(', ')}) = ${formatLabel(ws.x.data[arg])}, at ${argName}`],
      };
    }
    return {
      x,
      weight: new Map(),
      y,
      lines: [
        `d${name} = ${formatLabel(ws.dy?.data[picked] ?? 0)} goes to ${argName}, the max of its window, alone; the other cells get 0`,
      ],
    };
  }
  const divisor = pool.countIncludePad ? g.rows.padded[oh] * g.cols.padded[ow] : cells.length;
  const padNote = divisor !== cells.length ? ` (the window spans ${divisor} cells with the padding)` : '';
  if (ws.mode === 'forward') {
    return {
      x,
      weight: new Map(),
      y,
      lines: [`${name} = (${values.map(formatLabel).join(' + ')}) / ${divisor} = ${formatLabel(ws.y.data[picked])}${padNote}`],
    };
  }
  const g0 = ws.dy?.data[picked] ?? 0;
  return {
    x,
    weight: new Map(),
    y,
    lines: [
      `d${name} = ${formatLabel(g0)} is shared: each of the ${cells.length} input cells of its window gets ${formatLabel(g0)}/${divisor} = ${formatLabel(g0 / divisor)}${padNote}`,
    ],
  };
}

/**
 * The picked cell worked out. Forward: output cell `picked` of a conv (the sum of products that
 * made it) or a pool (its window and, for max, the winner); input cell `picked` of a transposed
 * conv (where it lands). Backward through a conv: input cell `picked` and the dY cells and weights
 * that feed its gradient, or the picked kernel cell's dW; through a pool: where output cell
 * `picked` sends its gradient.
 */
export function workOut(ws: WindowStep, pick: number | Picked): Worked {
  const picked: Picked = typeof pick === 'number' ? { cell: pick, weight: null } : pick;
  if (ws.op === 'convTranspose2d') return workTransposed(ws, picked);
  if (ws.op !== 'conv2d') return workPool(ws, picked.cell);
  const { g } = ws;
  const [, wo] = outputDims(g);
  const x = new Map<number, Mark>();
  const weight = new Map<number, Mark>();
  const y = new Map<number, Mark>();
  const kernelCell = (t: CellTerm) => t.i * g.win.kw + t.j;
  if (ws.mode === 'backward' && ws.weight && ws.dy) {
    if (picked.weight !== null) return workWeightGrad(ws, picked.weight, false);
    const [h, w] = [Math.floor(picked.cell / g.w), picked.cell % g.w];
    const padded = ws.pad && paddedInputGradTerms(g, ws.pad, 0, h, w);
    const terms = padded || inputGradTerms(g, 0, h, w);
    x.set(picked.cell, 'picked');
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
        ...(ws.pad && padded ? [copiesLine(g, ws.pad, padded, 0, h, w)].filter(Boolean) : []),
      ],
    };
  }
  const [oh, ow] = [Math.floor(picked.cell / wo), picked.cell % wo];
  y.set(picked.cell, 'picked');
  if (!ws.weight) return { x, weight, y, lines: [] };
  const terms: PaddedTerm[] = ws.pad
    ? paddedOutputTerms(g, ws.pad, 0, oh, ow)
    : outputCellTerms(g, 0, oh, ow).map((t) => ({ ...t, ph: t.h, pw: t.w }));
  for (const t of terms.filter((t) => t.ci === terms[0]?.ci)) {
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
      `Y${cellName('', oh, ow)} = ${joinTerms(terms.map((t) => paddedTermText(g, t, 'X')))}`,
      `= ${joinTerms(products)} = ${formatLabel(sumTerms(g, terms, ws.weight.data, ws.x.data, 'x'))}`,
      ...(ws.pad ? [paddingLine(g, ws.pad, terms, ws.x.data)].filter(Boolean) : []),
    ],
  };
}
