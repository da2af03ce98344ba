import { zeros, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type Params, type TensorOp } from '../types';
import {
  GROUPS_PARAM,
  PADDING_MODE_PARAM,
  convBackward,
  convCost,
  convForward,
  convPlan,
  pairText,
  readConfig,
  type ConvConfig,
} from './conv-core';
import { PADDING_WORDS, readPlanes, readWindow, windowFormula, windowSummary } from './kernels/window';
import { WEIGHT_PARAMS, checkWeights, hasBias, implicitWeights, required } from './weights';

export { convOutputSize, samePadding } from './kernels/window';

const WINDOW_DEFAULTS = { kernel: 3, stride: 1, padding: 0 };
const LAYOUT = 'outChannels×inChannels/groups×kh×kw';

/** Parsed once per parameter object: a small layer (LeNet's) is called often enough for parsing to show. */
const configs = new WeakMap<Params, ConvConfig>();

function readConv(p: Params): ConvConfig {
  let c = configs.get(p);
  if (!c) {
    c = readConfig('conv2d', p, readWindow(p, WINDOW_DEFAULTS, false, true));
    configs.set(p, c);
  }
  return c;
}

const weightShape = (c: ConvConfig): Shape => [c.cout, c.cin / c.groups, c.win.kh, c.win.kw];

/** The plan and output shape for input shape `x`, or an OpError naming what to change. */
function geometry(x: Shape, c: ConvConfig) {
  const planes = readPlanes('conv2d', x);
  const plan = convPlan(c, planes);
  const { ho, wo } = plan.g;
  return { plan, inPlane: planes.h * planes.w, out: planes.batched ? [planes.n, c.cout, ho, wo] : [c.cout, ho, wo] };
}

/**
 * The output-size formula with the numbers of this input filled in, for the inspector and P7:
 * "H_out = ⌊(7 + 2·2 − 3)/2⌋ + 1 = 5", with a W_out part when the axes differ. An empty stride
 * counts as the kernel and ceilMode rounds up, so pooling parameters work too.
 */
export function convFormula(p: Params, inShape: Shape): string {
  const win = readWindow(p, WINDOW_DEFAULTS, true, true);
  const planes = readPlanes('conv2d', inShape);
  return windowFormula(win, planes.h, planes.w, p.ceilMode === true);
}

/** The keyword arguments after stride that differ from PyTorch's defaults. */
function extraArgs(c: ConvConfig): string {
  const { dh, dw } = c.win;
  return `${dh !== 1 || dw !== 1 ? `, dilation=(${dh}, ${dw})` : ''}${c.groups !== 1 ? `, groups=${c.groups}` : ''}`;
}

/**
 * 2-D convolution (cross-correlation, no kernel flip), PyTorch's Conv2d: stride, padding (numbers,
 * a pair, "same" or "valid"), dilation, groups and padding mode. Runs as im2col + a blocked GEMM
 * per group; the weight and bias are parameter ports the node fills itself when left unconnected.
 */
export const conv2d: TensorOp = {
  kind: 'tensor',
  type: 'conv2d',
  group: 'Tensor',
  title: 'Conv2d',
  keywords: ['convolution', 'cross-correlation', 'filter', 'kernel', 'cnn', 'dilated', 'atrous', 'depthwise', 'grouped'],
  inputs: [{ name: 'x' }, { name: 'weight', param: true }, { name: 'bias', param: true }],
  params: [
    { name: 'inChannels', kind: 'int', default: 1, min: 1, label: 'input channels' },
    { name: 'outChannels', kind: 'int', default: 1, min: 1, label: 'output channels (filters)' },
    { name: 'kernel', kind: 'ints', default: WINDOW_DEFAULTS.kernel, label: 'kernel k or [kh, kw]' },
    { name: 'stride', kind: 'ints', default: WINDOW_DEFAULTS.stride, label: 'stride s or [sh, sw]' },
    { name: 'padding', kind: 'ints', default: WINDOW_DEFAULTS.padding, words: PADDING_WORDS, label: 'padding p, [ph, pw], same or valid' },
    { name: 'dilation', kind: 'ints', default: 1, label: 'dilation d or [dh, dw]' },
    GROUPS_PARAM,
    PADDING_MODE_PARAM,
    ...WEIGHT_PARAMS,
  ],
  symbol: () => 'conv',
  summary(p) {
    const c = readConv(p);
    return `${c.cout}@${windowSummary(c.win)}${c.groups !== 1 ? ` g${c.groups}` : ''}`;
  },
  text(args, p) {
    const { win, groups, mode } = readConv(p);
    const opts: string[] = [];
    if (win.sh !== 1 || win.sw !== 1) opts.push(`stride=${pairText(win.sh, win.sw)}`);
    if (typeof p.padding === 'string') opts.push(`padding=${p.padding}`);
    else if (win.ph !== 0 || win.pw !== 0) opts.push(`padding=${pairText(win.ph, win.pw)}`);
    if (win.dh !== 1 || win.dw !== 1) opts.push(`dilation=${pairText(win.dh, win.dw)}`);
    if (groups !== 1) opts.push(`groups=${groups}`);
    if (mode !== 'zeros') opts.push(`paddingMode=${mode}`);
    return `conv2d(${[...args, ...opts].join(', ')})`;
  },
  latex(args, p) {
    const [x, w = 'W', b = 'b'] = args;
    return hasBias(p) ? `${w} \\star ${x} + ${b}` : `${w} \\star ${x}`;
  },
  windowed: true,
  // Weights are [out, in/groups, kh, kw] and conv2d is cross-correlation in both; unbatched C×H×W works in both.
  // A padding mode other than zeros is F.pad before an unpadded conv, as nn.Conv2d does it.
  torch: ({ args: { x, weight, bias }, params, shapes }) => {
    const c = readConv(params);
    const { sh, sw, ph, pw, phEnd, pwEnd } = c.win;
    const head = `${weight}, ${bias ?? 'None'}, stride=(${sh}, ${sw})`;
    if (c.mode === 'zeros') {
      const padding = typeof params.padding === 'string' ? `'${params.padding}'` : `(${ph}, ${pw})`;
      return `F.conv2d(${x}, ${head}, padding=${padding}${extraArgs(c)})`;
    }
    // F.pad's circular mode wants a batch axis in torch 1.13.
    const unbatched = shapes.x?.length === 3;
    const input = unbatched ? `${x}.unsqueeze(0)` : x;
    const padded = `F.pad(${input}, (${pw}, ${pwEnd}, ${ph}, ${phEnd}), mode='${c.mode}')`;
    const conv = `F.conv2d(${padded}, ${head}${extraArgs(c)})`;
    return unbatched ? `${conv}.squeeze(0)` : conv;
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
    const c = readConv(p);
    checkWeights('conv2d', inputs, weightShape(c), LAYOUT, p);
    const x = inputs.x;
    if (!x) throw new OpError('conv2d needs a tensor on its "x" port');
    return geometry(x, c).out;
  },
  forward(inputs, p) {
    const c = readConv(p);
    const x = required('conv2d', inputs, 'x');
    const w = required('conv2d', inputs, 'weight');
    const b = c.bias ? required('conv2d', inputs, 'bias') : undefined;
    checkWeights('conv2d', { weight: w.shape, ...(b && { bias: b.shape }) }, weightShape(c), LAYOUT, p);
    const { plan, out, inPlane } = geometry(x.shape, c);
    return convForward(plan, out, x, w, b, inPlane);
  },
  backward(inputs, _out, dy, p) {
    const c = readConv(p);
    const x = required('conv2d', inputs, 'x');
    const { plan, inPlane } = geometry(x.shape, c);
    return convBackward(plan, c, x, required('conv2d', inputs, 'weight'), dy, inPlane);
  },
  // Bilinear in x and W, affine in b: d(W ⋆ x + b) = W ⋆ ẋ + Ẇ ⋆ x + ḃ, two convolutions instead of a backward pass per output cell.
  jvp(inputs, out, t, p) {
    const c = readConv(p);
    const x = required('conv2d', inputs, 'x');
    const w = required('conv2d', inputs, 'weight');
    const { plan, inPlane } = geometry(x.shape, c);
    const dy = zeros(out.shape);
    const add = (y: Tensor) => y.data.forEach((v, i) => (dy.data[i] += v));
    if (t.x) add(convForward(plan, out.shape, t.x, w, undefined, inPlane));
    if (t.weight) add(convForward(plan, out.shape, x, t.weight, undefined, inPlane));
    if (t.bias) {
      const cells = out.shape[out.shape.length - 1] * out.shape[out.shape.length - 2];
      for (let i = 0; i < dy.data.length; i++) dy.data[i] += t.bias.data[Math.floor(i / cells) % c.cout];
    }
    return dy;
  },
  /** Params Cout·(Cin/groups·kh·kw + 1); MACs Cout·Ho·Wo·Cin/groups·kh·kw per image (the exams' FLOPs). */
  cost: (_inputs, out, p) => convCost(readConv(p), out),
  implicit: (port, _inputs, p) => implicitWeights(port, weightShape(readConv(p)), p),
};
