import { sizeOf, zeros, type Shape } from '../../tensor/tensor';
import { OpError, type Params, type TensorOp } from '../types';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward, type PoolGeometry } from './kernels/pool2d';
import { outputSize, readPlanes, readWindow, windowSummary, type Window2d } from './kernels/window';
import { required } from './weights';

/** An empty stride means "the kernel", as PyTorch's stride=None. */
const WINDOW_DEFAULTS = { kernel: 2, stride: [], padding: 0 };

function readPool(p: Params): Window2d {
  const win = readWindow(p, WINDOW_DEFAULTS, true);
  if (2 * win.ph > win.kh || 2 * win.pw > win.kw) {
    throw new OpError(`padding ${win.ph}×${win.pw} must be at most half the kernel ${win.kh}×${win.kw} (lower padding)`, 'param');
  }
  return win;
}

function geometry(op: string, x: Shape, win: Window2d): { g: PoolGeometry; out: Shape } {
  const planes = readPlanes(op, x);
  const [ho, wo] = outputSize(planes, win);
  const g = { planes: planes.n * planes.c, h: planes.h, w: planes.w, ho, wo, win };
  return { g, out: planes.batched ? [planes.n, planes.c, ho, wo] : [planes.c, ho, wo] };
}

interface PoolSpec {
  type: 'maxPool2d' | 'avgPool2d';
  title: string;
  keywords: string[];
  name: string;
  /** The torch function, given the window: F.max_pool2d. */
  torch: string;
  rule: string;
  forward: (g: PoolGeometry, x: Float64Array, y: Float64Array) => void;
  backward: (g: PoolGeometry, x: Float64Array, dy: Float64Array, dx: Float64Array) => void;
  /** The pool is linear in x (averaging), so forward mode pools the tangent the same way. */
  linear?: boolean;
}

function pool(s: PoolSpec): TensorOp {
  return {
    kind: 'tensor',
    type: s.type,
    group: 'Tensor',
    title: s.title,
    keywords: s.keywords,
    inputs: [{ name: 'x' }],
    params: [
      { name: 'kernel', kind: 'ints', default: WINDOW_DEFAULTS.kernel, label: 'kernel k or [kh, kw]' },
      { name: 'stride', kind: 'ints', default: WINDOW_DEFAULTS.stride, label: 'stride (empty: the kernel)' },
      { name: 'padding', kind: 'ints', default: WINDOW_DEFAULTS.padding, label: 'padding p or [ph, pw]' },
    ],
    symbol: () => s.name,
    summary: (p) => windowSummary(readPool(p)),
    text: ([x], p) => `${s.name}(${x}, ${windowSummary(readPool(p))})`,
    latex: ([x]) => `\\operatorname{${s.name}}(${x})`,
    windowed: true,
    torch: ({ args: { x }, params }) => {
      const w = readPool(params);
      return `${s.torch}(${x}, (${w.kh}, ${w.kw}), stride=(${w.sh}, ${w.sw}), padding=(${w.ph}, ${w.pw}))`;
    },
    rule: () => ({ x: s.rule }),
    shape(inputs, p) {
      const x = inputs.x;
      if (!x) throw new OpError(`${s.type} needs a tensor on its "x" port`);
      return geometry(s.type, x, readPool(p)).out;
    },
    forward(inputs, p) {
      const x = required(s.type, inputs, 'x');
      const { g, out } = geometry(s.type, x.shape, readPool(p));
      const y = zeros(out);
      s.forward(g, x.data, y.data);
      return y;
    },
    backward(inputs, _out, dy, p) {
      const x = required(s.type, inputs, 'x');
      const { g } = geometry(s.type, x.shape, readPool(p));
      const dx = zeros(x.shape);
      s.backward(g, x.data, dy.data, dx.data);
      return { x: dx };
    },
    jvp: s.linear
      ? (_inputs, out, t, p) => {
          const { g } = geometry(s.type, t.x.shape, readPool(p));
          const y = zeros(out.shape);
          s.forward(g, t.x.data, y.data);
          return y;
        }
      : undefined,
    /** No parameters; MACs counted as output cells × window size (one compare or add per cell read). */
    cost(_inputs, out, p) {
      const win = readPool(p);
      return { params: 0, macs: sizeOf(out) * win.kh * win.kw };
    },
  };
}

/** Max pooling: the largest value of each window; the gradient goes only to that value. */
export const maxPool2d = pool({
  type: 'maxPool2d',
  title: 'MaxPool2d',
  keywords: ['max pooling', 'downsample', 'subsample'],
  name: 'maxpool',
  rule: '∂y/∂x = 1 for the max of each window (the first one on ties), 0 for the rest',
  torch: 'F.max_pool2d', // like the engine, sends a tied window's gradient to its first maximum
  forward: maxPoolForward,
  backward: maxPoolBackward,
});

/** Average pooling: the mean of each window (padding counts as zeros); the gradient is shared equally. */
export const avgPool2d = pool({
  type: 'avgPool2d',
  title: 'AvgPool2d',
  keywords: ['average pooling', 'mean pooling', 'downsample'],
  name: 'avgpool',
  rule: '∂y/∂x = 1/(kh·kw) for every cell of the window',
  torch: 'F.avg_pool2d', // count_include_pad=True by default: the engine's "padding counts as zeros"
  forward: avgPoolForward,
  backward: (g, _x, dy, dx) => avgPoolBackward(g, dy, dx),
  linear: true,
});
