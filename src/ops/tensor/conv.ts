import { sizeOf, zeros, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type Params, type TensorOp } from '../types';
import { conv2dBackward, conv2dForward, type ConvGeometry } from './kernels/conv2d';
import { outputSize, readPlanes, readWindow, windowFormula, windowSummary, type Window2d } from './kernels/window';
import { WEIGHT_PARAMS, checkWeights, hasBias, implicitWeights, readInt, required } from './weights';

export { convOutputSize, samePadding } from './kernels/window';

const WINDOW_DEFAULTS = { kernel: 3, stride: 1, padding: 0 };
const LAYOUT = 'outChannels×inChannels×kh×kw';

interface ConvConfig {
  readonly cin: number;
  readonly cout: number;
  readonly win: Window2d;
  readonly bias: boolean;
}

function readConfig(p: Params): ConvConfig {
  return {
    cin: readInt(p, 'inChannels', 1, 1),
    cout: readInt(p, 'outChannels', 1, 1),
    win: readWindow(p, WINDOW_DEFAULTS),
    bias: hasBias(p),
  };
}

const weightShape = (c: ConvConfig): Shape => [c.cout, c.cin, c.win.kh, c.win.kw];

/** The loop sizes for input shape `x`, or an OpError naming what to change. */
function geometry(x: Shape, c: ConvConfig): { g: ConvGeometry; out: Shape } {
  const planes = readPlanes('conv2d', x);
  if (planes.c !== c.cin) {
    throw new OpError(`conv2d expects ${c.cin} input channels, got ${planes.c} (set inChannels to ${planes.c})`);
  }
  const [ho, wo] = outputSize(planes, c.win);
  const g = { n: planes.n, cin: c.cin, h: planes.h, w: planes.w, cout: c.cout, ho, wo, win: c.win };
  return { g, out: planes.batched ? [planes.n, c.cout, ho, wo] : [c.cout, ho, wo] };
}

/**
 * The output-size formula with the numbers of this input filled in, for the inspector and P7:
 * "H_out = ⌊(7 + 2·2 − 3)/2⌋ + 1 = 5", with a W_out part when the axes differ. An empty stride
 * counts as the kernel, so pooling parameters work too.
 */
export function convFormula(p: Params, inShape: Shape): string {
  const win = readWindow(p, WINDOW_DEFAULTS, true);
  const planes = readPlanes('conv2d', inShape);
  return windowFormula(win, planes.h, planes.w);
}

/**
 * 2-D convolution (cross-correlation, no kernel flip), zero padding, PyTorch's Conv2d semantics.
 * Runs as im2col + a blocked GEMM; the weight and bias are parameter ports the node fills itself
 * when they are left unconnected.
 */
export const conv2d: TensorOp = {
  kind: 'tensor',
  type: 'conv2d',
  group: 'Tensor',
  title: 'Conv2d',
  keywords: ['convolution', 'cross-correlation', 'filter', 'kernel', 'cnn'],
  inputs: [{ name: 'x' }, { name: 'weight', param: true }, { name: 'bias', param: true }],
  params: [
    { name: 'inChannels', kind: 'int', default: 1, min: 1, label: 'input channels' },
    { name: 'outChannels', kind: 'int', default: 1, min: 1, label: 'output channels (filters)' },
    { name: 'kernel', kind: 'ints', default: WINDOW_DEFAULTS.kernel, label: 'kernel k or [kh, kw]' },
    { name: 'stride', kind: 'ints', default: WINDOW_DEFAULTS.stride, label: 'stride s or [sh, sw]' },
    { name: 'padding', kind: 'ints', default: WINDOW_DEFAULTS.padding, label: 'zero padding p or [ph, pw]' },
    ...WEIGHT_PARAMS,
  ],
  symbol: () => 'conv',
  summary(p) {
    const c = readConfig(p);
    return `${c.cout}@${windowSummary(c.win)}`;
  },
  text(args, p) {
    const { win } = readConfig(p);
    const opts: string[] = [];
    if (win.sh !== 1 || win.sw !== 1) opts.push(`stride=${pairText(win.sh, win.sw)}`);
    if (win.ph !== 0 || win.pw !== 0) opts.push(`padding=${pairText(win.ph, win.pw)}`);
    return `conv2d(${[...args, ...opts].join(', ')})`;
  },
  latex(args, p) {
    const [x, w = 'W', b = 'b'] = args;
    return hasBias(p) ? `${w} \\star ${x} + ${b}` : `${w} \\star ${x}`;
  },
  windowed: true,
  // Weights are [out, in, kh, kw] and conv2d is cross-correlation in both; unbatched C×H×W works in both.
  torch: ({ args: { x, weight, bias }, params }) => {
    const { sh, sw, ph, pw } = readConfig(params).win;
    return `F.conv2d(${x}, ${weight}, ${bias ?? 'None'}, stride=(${sh}, ${sw}), padding=(${ph}, ${pw}))`;
  },
  rule(p) {
    const rules: Record<string, string> = {
      x: '∂L/∂x = col2im(Wᵀ · ∂L/∂y): each pixel sums W · ∂L/∂y over every window that covers it',
      weight: '∂L/∂W = ∂L/∂y · im2col(x)ᵀ: the input correlated with ∂L/∂y',
    };
    if (hasBias(p)) rules.bias = '∂L/∂b = Σ ∂L/∂y over positions (and the batch)';
    return rules;
  },
  shape(inputs, p) {
    const c = readConfig(p);
    checkWeights('conv2d', inputs, weightShape(c), LAYOUT, p);
    const x = inputs.x;
    if (!x) throw new OpError('conv2d needs a tensor on its "x" port');
    return geometry(x, c).out;
  },
  forward(inputs, p) {
    const c = readConfig(p);
    const x = required('conv2d', inputs, 'x');
    const w = required('conv2d', inputs, 'weight');
    const b = c.bias ? required('conv2d', inputs, 'bias') : undefined;
    checkWeights('conv2d', { weight: w.shape, ...(b && { bias: b.shape }) }, weightShape(c), LAYOUT, p);
    const { g, out } = geometry(x.shape, c);
    const y = zeros(out);
    conv2dForward(g, x.data, w.data, b?.data, y.data);
    return y;
  },
  backward(inputs, _out, dy, p) {
    const c = readConfig(p);
    const x = required('conv2d', inputs, 'x');
    const w = required('conv2d', inputs, 'weight');
    const { g } = geometry(x.shape, c);
    const dx = zeros(x.shape);
    const dw = zeros(w.shape);
    const db = c.bias ? zeros([c.cout]) : undefined;
    conv2dBackward(g, x.data, w.data, dy.data, dx.data, dw.data, db?.data);
    const grads: Record<string, Tensor> = { x: dx, weight: dw };
    if (db) grads.bias = db;
    return grads;
  },
  /** Params Cout·(Cin·kh·kw + 1); MACs Cout·Ho·Wo·Cin·kh·kw per image (the exams' FLOPs). */
  cost(_inputs, out, p) {
    const c = readConfig(p);
    const perOutput = c.cin * c.win.kh * c.win.kw;
    return { params: c.cout * (perOutput + (c.bias ? 1 : 0)), macs: sizeOf(out) * perOutput };
  },
  implicit: (port, _inputs, p) => implicitWeights(port, weightShape(readConfig(p)), p),
};

const pairText = (a: number, b: number): string => (a === b ? `${a}` : `[${a}, ${b}]`);
