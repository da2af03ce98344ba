import { formatShape } from '../../format/shape';
import { sameShape, zeros, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type Params, type TensorOp } from '../types';
import { GROUPS_PARAM, pairText, readChannels } from './conv-core';
import { conv2dBackward, conv2dForward, type ConvGeometry } from './kernels/conv2d';
import { readPlanes, readWindow, windowSummary, type Window2d } from './kernels/window';
import { WEIGHT_PARAMS, hasBias, implicitWeights, required } from './weights';

const LAYOUT = 'inChannels×outChannels/groups×kh×kw';

export interface TransposeConfig {
  readonly cin: number;
  readonly cout: number;
  readonly groups: number;
  readonly win: Window2d;
  /** Extra rows and columns at the bottom and right of the output (output_padding). */
  readonly oph: number;
  readonly opw: number;
  readonly bias: boolean;
}

/** The layer's channels, window and output padding, or an OpError naming the parameter to change. */
export function readTranspose(p: Params): TransposeConfig {
  const win = readWindow(p, { kernel: 3, stride: 1, padding: 0 });
  const op = p.outputPadding ?? 0;
  const [oph, opw] = typeof op === 'number' ? [op, op] : Array.isArray(op) && op.length === 2 ? op : [NaN, NaN];
  if (![oph, opw].every((v) => Number.isInteger(v) && v >= 0)) {
    throw new OpError(`outputPadding must be a non-negative integer or [h, w], got ${JSON.stringify(op)}`, 'param');
  }
  // PyTorch's rule: the extra rows must fall short of one more stride (or dilation) step.
  if ((oph >= win.sh && oph >= win.dh) || (opw >= win.sw && opw >= win.dw)) {
    throw new OpError(
      `outputPadding ${pairText(oph, opw)} must be smaller than the stride ${pairText(win.sh, win.sw)} or the dilation ${pairText(win.dh, win.dw)}`,
      'param',
    );
  }
  return { ...readChannels('convTranspose2d', p), win, oph, opw, bias: hasBias(p) };
}

const weightShape = (c: TransposeConfig): Shape => [c.cin, c.cout / c.groups, c.win.kh, c.win.kw];

/** (n − 1)·s − 2p + d·(k − 1) + outputPadding + 1, PyTorch's ConvTranspose2d output length. */
export const transposeOutputSize = (n: number, k: number, s: number, p: number, d: number, op: number): number =>
  (n - 1) * s - 2 * p + d * (k - 1) + op + 1;

/** The output-size formula with this input's numbers: "H_out = (3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6". */
export function transposeFormula(p: Params, inShape: Shape): string {
  const c = readTranspose(p);
  const planes = readPlanes('convTranspose2d', inShape);
  const { win } = c;
  const axis = (name: string, n: number, k: number, s: number, pad: number, d: number, op: number) =>
    `${name} = (${n} − 1)·${s} − 2·${pad} + ${d}·(${k} − 1) + ${op} + 1 = ${transposeOutputSize(n, k, s, pad, d, op)}`;
  const hLine = axis('H_out', planes.h, win.kh, win.sh, win.ph, win.dh, c.oph);
  const wLine = axis('W_out', planes.w, win.kw, win.sw, win.pw, win.dw, c.opw);
  return hLine.slice(5) === wLine.slice(5) ? hLine : `${hLine}; ${wLine}`;
}

/**
 * The transposed convolution is the input gradient of the convolution that maps its output back
 * to its input: `g` is that convolution (input = our output, output = our input), so our forward
 * is its backward-data and our backward its forward and weight gradient.
 */
function geometry(x: Shape, c: TransposeConfig): { g: ConvGeometry; out: Shape } {
  const planes = readPlanes('convTranspose2d', x);
  if (planes.c !== c.cin) {
    throw new OpError(`convTranspose2d expects ${c.cin} input channels, got ${planes.c} (set inChannels to ${planes.c})`);
  }
  const { win } = c;
  const ho = transposeOutputSize(planes.h, win.kh, win.sh, win.ph, win.dh, c.oph);
  const wo = transposeOutputSize(planes.w, win.kw, win.sw, win.pw, win.dw, c.opw);
  if (ho < 1 || wo < 1) throw new OpError(`convTranspose2d output would be ${ho}×${wo}: padding ${pairText(win.ph, win.pw)} is too large`);
  const g = { n: planes.n, cin: c.cout, h: ho, w: wo, cout: c.cin, ho: planes.h, wo: planes.w, groups: c.groups, win };
  return { g, out: planes.batched ? [planes.n, c.cout, ho, wo] : [c.cout, ho, wo] };
}

function checkPorts(inputs: Readonly<Record<string, Shape>>, c: TransposeConfig): void {
  const w = inputs.weight;
  const want = weightShape(c);
  if (w && !sameShape(w, want)) throw new OpError(`convTranspose2d weight must be ${formatShape(want)} (${LAYOUT}), got ${formatShape(w)}`);
  const b = inputs.bias;
  if (b && !c.bias) throw new OpError('convTranspose2d has a bias connected but bias is off (set bias to true)', 'param');
  if (b && !sameShape(b, [c.cout])) throw new OpError(`convTranspose2d bias must be ${c.cout} (outChannels), got ${formatShape(b)}`);
}

/**
 * Transposed convolution (fractionally strided; the adjoint of conv2d), PyTorch's ConvTranspose2d:
 * every input cell adds its value times the kernel into the output, at stride s. Zero padding only,
 * as in PyTorch.
 */
export const convTranspose2d: TensorOp = {
  kind: 'tensor',
  type: 'convTranspose2d',
  group: 'Tensor',
  title: 'ConvTranspose2d',
  keywords: ['transposed convolution', 'deconvolution', 'upsample', 'fractionally strided', 'u-net', 'decoder'],
  inputs: [{ name: 'x' }, { name: 'weight', param: true }, { name: 'bias', param: true }],
  params: [
    { name: 'inChannels', kind: 'int', default: 1, min: 1, label: 'input channels' },
    { name: 'outChannels', kind: 'int', default: 1, min: 1, label: 'output channels' },
    { name: 'kernel', kind: 'ints', default: 3, label: 'kernel k or [kh, kw]' },
    { name: 'stride', kind: 'ints', default: 1, label: 'stride s or [sh, sw]' },
    { name: 'padding', kind: 'ints', default: 0, label: 'padding p or [ph, pw] (cropped from the output)' },
    { name: 'outputPadding', kind: 'ints', default: 0, label: 'output padding (extra rows/columns at the end)' },
    { name: 'dilation', kind: 'ints', default: 1, label: 'dilation d or [dh, dw]' },
    GROUPS_PARAM,
    ...WEIGHT_PARAMS,
  ],
  symbol: () => 'convᵀ',
  summary(p) {
    const c = readTranspose(p);
    const op = c.oph !== 0 || c.opw !== 0 ? ` op${pairText(c.oph, c.opw)}` : '';
    return `${c.cout}@${windowSummary(c.win)}${op}${c.groups !== 1 ? ` g${c.groups}` : ''}`;
  },
  text: (args, p) => `convTranspose2d(${args.join(', ')}, ${convTranspose2d.summary?.(p) ?? ''})`,
  latex(args, p) {
    const [x, w = 'W', b = 'b'] = args;
    return hasBias(p) ? `${w}^{\\top} \\star ${x} + ${b}` : `${w}^{\\top} \\star ${x}`;
  },
  windowed: true,
  torch: ({ args: { x, weight, bias }, params }) => {
    const c = readTranspose(params);
    const { sh, sw, ph, pw, dh, dw } = c.win;
    return (
      `F.conv_transpose2d(${x}, ${weight}, ${bias ?? 'None'}, stride=(${sh}, ${sw}), padding=(${ph}, ${pw}), ` +
      `output_padding=(${c.oph}, ${c.opw}), groups=${c.groups}, dilation=(${dh}, ${dw}))`
    );
  },
  rule(p) {
    const rules: Record<string, string> = {
      x: '∂L/∂x = W ⋆ ∂L/∂y: the ordinary convolution of the output gradient',
      weight: '∂L/∂W = ∂L/∂y windows correlated with x: each input cell times the gradient where its copy of W landed',
    };
    if (hasBias(p)) rules.bias = '∂L/∂b = Σ ∂L/∂y over positions (and the batch)';
    return rules;
  },
  shape(inputs, p) {
    const c = readTranspose(p);
    checkPorts(inputs, c);
    const x = inputs.x;
    if (!x) throw new OpError('convTranspose2d needs a tensor on its "x" port');
    return geometry(x, c).out;
  },
  forward(inputs, p) {
    const c = readTranspose(p);
    const x = required('convTranspose2d', inputs, 'x');
    const w = required('convTranspose2d', inputs, 'weight');
    const b = c.bias ? required('convTranspose2d', inputs, 'bias') : undefined;
    checkPorts({ weight: w.shape, ...(b && { bias: b.shape }) }, c);
    const { g, out } = geometry(x.shape, c);
    const y = zeros(out);
    // The adjoint convolution's input is our output y; only its gradient is asked for, so it is not read.
    conv2dBackward(g, y.data, w.data, x.data, { dx: y.data });
    if (b) {
      const hw = g.h * g.w;
      for (let i = 0; i < y.data.length; i++) y.data[i] += b.data[Math.floor(i / hw) % c.cout];
    }
    return y;
  },
  backward(inputs, _out, dy, p) {
    const c = readTranspose(p);
    const x = required('convTranspose2d', inputs, 'x');
    const w = required('convTranspose2d', inputs, 'weight');
    const { g } = geometry(x.shape, c);
    const dx = zeros(x.shape);
    const dw = zeros(w.shape);
    conv2dForward(g, dy.data, w.data, undefined, dx.data);
    conv2dBackward(g, dy.data, w.data, x.data, { dw: dw.data });
    const grads: Record<string, Tensor> = { x: dx, weight: dw };
    if (c.bias) {
      const db = zeros([c.cout]);
      const hw = g.h * g.w;
      for (let i = 0; i < dy.data.length; i++) db.data[Math.floor(i / hw) % c.cout] += dy.data[i];
      grads.bias = db;
    }
    return grads;
  },
  /** Params Cin·Cout/groups·kh·kw + Cout; MACs: every input cell times its Cout/groups·kh·kw kernel (the exams' FLOPs). */
  cost(inputs, _out, p) {
    const c = readTranspose(p);
    const perInput = (c.cout / c.groups) * c.win.kh * c.win.kw;
    const x = inputs.x ?? [];
    return { params: c.cin * perInput + (c.bias ? c.cout : 0), macs: x.reduce((a, d) => a * d, 1) * perInput };
  },
  /** PyTorch's init: fan_in is weight.size(1)·kh·kw = Cout/groups·kh·kw, for the weight and for the bias bound. */
  implicit(port, _inputs, p) {
    const c = readTranspose(p);
    return port === 'weight' ? implicitWeights(port, weightShape(c), p) : implicitWeights(port, [c.cout, ...weightShape(c).slice(1)], p);
  },
};
