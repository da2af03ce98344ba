import { sizeOf, zeros, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type ParamSpec, type Params, type TensorOp } from '../types';
import {
  adaptiveAxis,
  avgPoolBackward,
  avgPoolForward,
  maxPoolBackward,
  maxPoolForward,
  maxPoolIndices,
  slidingAxis,
  type PoolGeometry,
} from './kernels/pool2d';
import { outputSize, poolOutputSize, readPlanes, readWindow, windowSummary, type Planes, type Window2d } from './kernels/window';
import { required } from './weights';

/** An empty stride means "the kernel", as PyTorch's stride=None. */
const WINDOW_DEFAULTS = { kernel: 2, stride: [], padding: 0 };

/** A sliding pool's window and options. Average pooling has no dilation (as in PyTorch), so its dilation reads as 1. */
interface SlidingPool {
  readonly win: Window2d;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
}

function flag(p: Params, name: string, fallback: boolean): boolean {
  const v = p[name] ?? fallback;
  if (typeof v !== 'boolean') throw new OpError(`${name} must be true or false, got ${JSON.stringify(v)}`, 'param');
  return v;
}

function readSliding(p: Params): SlidingPool {
  const win = readWindow(p, WINDOW_DEFAULTS, true);
  // PyTorch's rule, on the kernel itself even when dilated: padding at most half the kernel.
  if (2 * win.ph > win.kh || 2 * win.pw > win.kw) {
    throw new OpError(`padding ${win.ph}×${win.pw} must be at most half the kernel ${win.kh}×${win.kw} (lower padding)`, 'param');
  }
  return { win, ceilMode: flag(p, 'ceilMode', false), countIncludePad: flag(p, 'countIncludePad', true) };
}

/** The loop geometry of a pool over `planes` with `rows` and `cols` windows. */
const poolGeometry = (planes: Planes, ho: number, wo: number, rows: PoolGeometry['rows'], cols: PoolGeometry['cols']): PoolGeometry => ({
  planes: planes.n * planes.c,
  h: planes.h,
  w: planes.w,
  ho,
  wo,
  rows,
  cols,
});

const outShape = (planes: Planes, ho: number, wo: number): Shape => (planes.batched ? [planes.n, planes.c, ho, wo] : [planes.c, ho, wo]);

/** Output H and W of a sliding pool, without building its windows (shape and cost need only these). */
function slidingSize(op: string, x: Shape, pool: SlidingPool): { planes: Planes; ho: number; wo: number } {
  const planes = readPlanes(op, x);
  const { win, ceilMode } = pool;
  outputSize(planes, win); // refuses a kernel larger than the padded input
  const ho = poolOutputSize(planes.h, win.kh, win.sh, win.ph, win.dh, ceilMode);
  const wo = poolOutputSize(planes.w, win.kw, win.sw, win.pw, win.dw, ceilMode);
  return { planes, ho, wo };
}

function slidingOut(op: string, x: Shape, pool: SlidingPool): Shape {
  const { planes, ho, wo } = slidingSize(op, x, pool);
  return outShape(planes, ho, wo);
}

function slidingGeometry(op: string, x: Shape, pool: SlidingPool): { g: PoolGeometry; out: Shape } {
  const { planes, ho, wo } = slidingSize(op, x, pool);
  const { win } = pool;
  const rows = slidingAxis(ho, planes.h, win.kh, win.sh, win.ph, win.dh);
  const cols = slidingAxis(wo, planes.w, win.kw, win.sw, win.pw, win.dw);
  return { g: poolGeometry(planes, ho, wo, rows, cols), out: outShape(planes, ho, wo) };
}

/** The target size of an adaptive pool: o or [oh, ow]. */
function readTarget(p: Params): [number, number] {
  const v = p.outputSize ?? 1;
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;
  if (ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  throw new OpError(`outputSize must be a positive integer or [h, w], got ${JSON.stringify(v)}`, 'param');
}

function adaptiveGeometry(op: string, x: Shape, [ho, wo]: [number, number]): { g: PoolGeometry; out: Shape } {
  const planes = readPlanes(op, x);
  return { g: poolGeometry(planes, ho, wo, adaptiveAxis(ho, planes.h), adaptiveAxis(wo, planes.w)), out: outShape(planes, ho, wo) };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Cells an adaptive pool reads over all its windows: along an axis of n cells into `out` windows,
 * Σ (⌈(o + 1)·n/out⌉ − ⌊o·n/out⌋) = n + out − gcd(n, out) (a window overlaps the next by one cell
 * unless o·n/out is whole). Counted without building the windows, so a huge size costs nothing.
 */
function adaptiveCellsRead(x: Shape, out: Shape): number {
  const planes = readPlanes('adaptive pool', x);
  const [ho, wo] = out.slice(-2);
  const along = (n: number, o: number) => n + o - gcd(n, o);
  return planes.n * planes.c * along(planes.h, ho) * along(planes.w, wo);
}

/** What differs between the pools: how they read their windows and what they compute in them. */
interface PoolSpec {
  type: string;
  title: string;
  keywords: string[];
  name: string;
  params: ParamSpec[];
  windowed: boolean;
  geometry(x: Shape, p: Params): { g: PoolGeometry; out: Shape };
  /** The output shape alone, without building the windows. */
  outShape(x: Shape, p: Params): Shape;
  summary(p: Params): string;
  torch(x: string, p: Params): string;
  rule: string;
  forward(g: PoolGeometry, x: Float64Array, y: Float64Array, p: Params): void;
  backward(g: PoolGeometry, x: Float64Array, dy: Float64Array, dx: Float64Array, p: Params): void;
  /** MACs: sliding pools count output cells × kernel area (the exams' convention); adaptive ones the cells they read. */
  macs(x: Shape, out: Shape, p: Params): number;
  /** The pool is linear in x (averaging), so forward mode pools the tangent the same way. */
  readonly linear?: boolean;
  /** The pool picks one input per window (max), so forward mode carries the winner's tangent. */
  readonly selects?: boolean;
}

/** A max pool's JVP: each output cell's tangent is that of the input cell that won its window. */
function winnersTangent(g: PoolGeometry, x: Tensor, dx: Tensor, out: Shape): Tensor {
  const won = maxPoolIndices(g, x.data);
  const y = zeros(out);
  const cells = g.ho * g.wo;
  for (let j = 0; j < won.length; j++) y.data[j] = dx.data[Math.floor(j / cells) * g.h * g.w + won[j]];
  return y;
}

function pool(s: PoolSpec): TensorOp {
  return {
    kind: 'tensor',
    type: s.type,
    group: 'Tensor',
    title: s.title,
    keywords: s.keywords,
    inputs: [{ name: 'x' }],
    params: s.params,
    symbol: () => s.name,
    summary: s.summary,
    text: ([x], p) => `${s.name}(${x}${s.summary(p) ? `, ${s.summary(p)}` : ''})`,
    latex: ([x]) => `\\operatorname{${s.name}}(${x})`,
    windowed: s.windowed,
    torch: ({ args: { x }, params }) => s.torch(x, params),
    rule: () => ({ x: s.rule }),
    shape(inputs, p) {
      const x = inputs.x;
      if (!x) throw new OpError(`${s.type} needs a tensor on its "x" port`);
      return s.outShape(x, p);
    },
    forward(inputs, p) {
      const x = required(s.type, inputs, 'x');
      const { g, out } = s.geometry(x.shape, p);
      const y = zeros(out);
      s.forward(g, x.data, y.data, p);
      return y;
    },
    backward(inputs, _out, dy, p) {
      const x = required(s.type, inputs, 'x');
      const { g } = s.geometry(x.shape, p);
      const dx = zeros(x.shape);
      s.backward(g, x.data, dy.data, dx.data, p);
      return { x: dx };
    },
    jvp: s.linear
      ? (_inputs, out, t, p) => {
          const { g } = s.geometry(t.x.shape, p);
          const y = zeros(out.shape);
          s.forward(g, t.x.data, y.data, p);
          return y;
        }
      : s.selects
        ? (inputs, out, t, p) => winnersTangent(s.geometry(t.x.shape, p).g, required(s.type, inputs, 'x'), t.x, out.shape)
        : undefined,
    cost(inputs, out, p) {
      const x = inputs.x;
      return { params: 0, macs: x ? s.macs(x, out, p) : 0 };
    },
  };
}

const WINDOW_PARAMS: ParamSpec[] = [
  { name: 'kernel', kind: 'ints', default: WINDOW_DEFAULTS.kernel, label: 'kernel k or [kh, kw]' },
  { name: 'stride', kind: 'ints', default: WINDOW_DEFAULTS.stride, label: 'stride (empty: the kernel)' },
  { name: 'padding', kind: 'ints', default: WINDOW_DEFAULTS.padding, label: 'padding p or [ph, pw]' },
];
const CEIL_MODE: ParamSpec = { name: 'ceilMode', kind: 'bool', default: false, label: 'ceil mode (round the output size up)' };

/** " ceil" and the like after the window, for the node face. */
function slidingSummary(p: Params): string {
  const { win, ceilMode, countIncludePad } = readSliding(p);
  return `${windowSummary(win)}${ceilMode ? ' ceil' : ''}${countIncludePad ? '' : ' excl. pad'}`;
}

/** The keyword arguments that differ from PyTorch's defaults. */
function slidingTorch(fn: string, x: string, p: Params): string {
  const { win, ceilMode, countIncludePad } = readSliding(p);
  let extra = '';
  if (win.dh !== 1 || win.dw !== 1) extra += `, dilation=(${win.dh}, ${win.dw})`;
  if (ceilMode) extra += ', ceil_mode=True';
  if (!countIncludePad) extra += ', count_include_pad=False';
  return `${fn}(${x}, (${win.kh}, ${win.kw}), stride=(${win.sh}, ${win.sw}), padding=(${win.ph}, ${win.pw})${extra})`;
}

/** Max pooling: the largest value of each window; the gradient goes only to that value. */
export const maxPool2d = pool({
  type: 'maxPool2d',
  title: 'MaxPool2d',
  keywords: ['max pooling', 'downsample', 'subsample', 'dilated'],
  name: 'maxpool',
  params: [...WINDOW_PARAMS, { name: 'dilation', kind: 'ints', default: 1, label: 'dilation d or [dh, dw]' }, CEIL_MODE],
  windowed: true,
  geometry: (x, p) => slidingGeometry('maxPool2d', x, readSliding(p)),
  outShape: (x, p) => slidingOut('maxPool2d', x, readSliding(p)),
  summary: slidingSummary,
  // Like the engine, torch sends a tied window's gradient to its first maximum in scan order.
  torch: (x, p) => slidingTorch('F.max_pool2d', x, p),
  rule: '∂y/∂x = 1 for the max of each window (the first one on ties), 0 for the rest',
  forward: (g, x, y) => maxPoolForward(g, x, y),
  backward: (g, x, dy, dx) => maxPoolBackward(g, x, dy, dx),
  selects: true,
  macs: (_x, out, p) => sizeOf(out) * readSliding(p).win.kh * readSliding(p).win.kw,
});

/** Average pooling: the mean of each window (padding counts as zeros unless countIncludePad is off); the gradient is shared equally. */
export const avgPool2d = pool({
  type: 'avgPool2d',
  title: 'AvgPool2d',
  keywords: ['average pooling', 'mean pooling', 'downsample'],
  name: 'avgpool',
  params: [
    ...WINDOW_PARAMS,
    CEIL_MODE,
    { name: 'countIncludePad', kind: 'bool', default: true, label: 'divide by the window including padding' },
  ],
  windowed: true,
  geometry: (x, p) => slidingGeometry('avgPool2d', x, readSliding({ ...p, dilation: 1 })),
  outShape: (x, p) => slidingOut('avgPool2d', x, readSliding({ ...p, dilation: 1 })),
  summary: slidingSummary,
  torch: (x, p) => slidingTorch('F.avg_pool2d', x, p),
  rule: '∂y/∂x = 1/(window size) for every input cell of the window',
  forward: (g, x, y, p) => avgPoolForward(g, x, y, readSliding(p).countIncludePad),
  linear: true,
  backward: (g, _x, dy, dx, p) => avgPoolBackward(g, dy, dx, readSliding(p).countIncludePad),
  macs: (_x, out, p) => sizeOf(out) * readSliding(p).win.kh * readSliding(p).win.kw,
});

const TARGET: ParamSpec = { name: 'outputSize', kind: 'ints', default: 1, label: 'output size o or [oh, ow]' };
const targetText = (p: Params) => {
  const [h, w] = readTarget(p);
  return h === w ? `→${h}` : `→${h}×${w}`;
};

/** Adaptive average pooling to a target size: PyTorch's windows [⌊o·n/out⌋, ⌈(o + 1)·n/out⌉). */
export const adaptiveAvgPool2d = pool({
  type: 'adaptiveAvgPool2d',
  title: 'AdaptiveAvgPool2d',
  keywords: ['adaptive average pooling', 'target size', 'resize'],
  name: 'adaptiveavg',
  params: [TARGET],
  windowed: false,
  geometry: (x, p) => adaptiveGeometry('adaptiveAvgPool2d', x, readTarget(p)),
  outShape: (x, p) => outShape(readPlanes('adaptiveAvgPool2d', x), ...readTarget(p)),
  summary: targetText,
  torch: (x, p) => `F.adaptive_avg_pool2d(${x}, (${readTarget(p).join(', ')}))`,
  rule: '∂y/∂x = 1/(window size) for every cell of the window',
  forward: (g, x, y) => avgPoolForward(g, x, y, false),
  linear: true,
  backward: (g, _x, dy, dx) => avgPoolBackward(g, dy, dx, false),
  macs: adaptiveCellsRead,
});

/** Adaptive max pooling to a target size, with the windows of adaptive average pooling. */
export const adaptiveMaxPool2d = pool({
  type: 'adaptiveMaxPool2d',
  title: 'AdaptiveMaxPool2d',
  keywords: ['adaptive max pooling', 'target size'],
  name: 'adaptivemax',
  params: [TARGET],
  windowed: false,
  geometry: (x, p) => adaptiveGeometry('adaptiveMaxPool2d', x, readTarget(p)),
  outShape: (x, p) => outShape(readPlanes('adaptiveMaxPool2d', x), ...readTarget(p)),
  summary: targetText,
  torch: (x, p) => `F.adaptive_max_pool2d(${x}, (${readTarget(p).join(', ')}))`,
  rule: '∂y/∂x = 1 for the max of each window (the first one on ties), 0 for the rest',
  forward: (g, x, y) => maxPoolForward(g, x, y),
  backward: (g, x, dy, dx) => maxPoolBackward(g, x, dy, dx),
  selects: true,
  macs: adaptiveCellsRead,
});

/** Global average pooling: the mean of each channel's plane, kept as a 1×1 plane (F.adaptive_avg_pool2d(x, 1)). */
export const globalAvgPool2d = pool({
  type: 'globalAvgPool2d',
  title: 'GlobalAvgPool2d',
  keywords: ['global average pooling', 'gap', 'channel mean'],
  name: 'gap',
  params: [],
  windowed: false,
  geometry: (x) => adaptiveGeometry('globalAvgPool2d', x, [1, 1]),
  outShape: (x) => outShape(readPlanes('globalAvgPool2d', x), 1, 1),
  summary: () => '',
  torch: (x) => `F.adaptive_avg_pool2d(${x}, 1)`,
  rule: '∂y/∂x = 1/(H·W) for every cell of the plane',
  forward: (g, x, y) => avgPoolForward(g, x, y, false),
  linear: true,
  backward: (g, _x, dy, dx) => avgPoolBackward(g, dy, dx, false),
  macs: adaptiveCellsRead,
});

const MAX_POOLS: Readonly<Record<string, TensorOp>> = { maxPool2d, adaptiveMaxPool2d };

/**
 * Which input won each window of a max pool, as an index within its H×W plane per output cell
 * (PyTorch's return_indices): the first maximum in scan order on ties.
 */
export function maxPoolWinners(type: string, x: Tensor, p: Params): Int32Array {
  if (!MAX_POOLS[type]) throw new OpError(`${type} is not a max pool`);
  const { g } = type === 'maxPool2d' ? slidingGeometry(type, x.shape, readSliding(p)) : adaptiveGeometry(type, x.shape, readTarget(p));
  return maxPoolIndices(g, x.data);
}

/**
 * The windows of a pool node over input shape `x`, and whether its average counts the padding: what
 * the explanation draws (dilation, ceil mode and adaptive windows as the kernels read them).
 */
export function poolWindows(type: string, x: Shape, p: Params): { g: PoolGeometry; countIncludePad: boolean } {
  if (type === 'maxPool2d' || type === 'avgPool2d') {
    const sliding = readSliding(type === 'avgPool2d' ? { ...p, dilation: 1 } : p);
    return { g: slidingGeometry(type, x, sliding).g, countIncludePad: type === 'avgPool2d' && sliding.countIncludePad };
  }
  if (type === 'adaptiveAvgPool2d' || type === 'adaptiveMaxPool2d')
    return { g: adaptiveGeometry(type, x, readTarget(p)).g, countIncludePad: false };
  if (type === 'globalAvgPool2d') return { g: adaptiveGeometry(type, x, [1, 1]).g, countIncludePad: false };
  throw new OpError(`${type} is not a pool`);
}
