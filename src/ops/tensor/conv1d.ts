import { formatShape } from '../../format/shape';
import { type Shape } from '../../tensor/tensor';
import { OpError, type ParamValue, type Params, type TensorOp } from '../types';
import { GROUPS_PARAM, PADDING_MODE_PARAM, convBackward, convCost, convForward, convPlan, readConfig, type ConvConfig } from './conv-core';
import { PADDING_WORDS, readWindow, windowFormula, type Planes } from './kernels/window';
import { WEIGHT_PARAMS, checkWeights, hasBias, implicitWeights, required } from './weights';

const LAYOUT = 'outChannels×inChannels/groups×k';

/** One integer (or a one-element list), as PyTorch's _single reads kernel_size. */
function single(v: ParamValue | undefined, name: string, fallback: number, min: number): number {
  const x = v ?? fallback;
  const n = Array.isArray(x) && x.length === 1 ? x[0] : x;
  if (typeof n === 'number' && Number.isInteger(n) && n >= min) return n;
  const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
  throw new OpError(`${name} must be ${what}, got ${JSON.stringify(x)}`, 'param');
}

/** The 1-D parameters as a window one row tall: conv1d runs as conv2d over a 1×L image. */
export function readConv1d(p: Params): ConvConfig {
  const padding = p.padding ?? 0;
  const word = PADDING_WORDS.find((w) => w === padding);
  if (typeof padding === 'string' && !word) {
    throw new OpError(`padding must be a non-negative integer, "same" or "valid", got ${JSON.stringify(padding)}`, 'param');
  }
  const win = readWindow(
    {
      kernel: [1, single(p.kernel, 'kernel', 3, 1)],
      stride: [1, single(p.stride, 'stride', 1, 1)],
      padding: word ?? [0, single(padding, 'padding', 0, 0)],
      dilation: [1, single(p.dilation, 'dilation', 1, 1)],
    },
    { kernel: 3, stride: 1, padding: 0 },
    false,
    true,
  );
  return readConfig('conv1d', p, win);
}

const weightShape = (c: ConvConfig): Shape => [c.cout, c.cin / c.groups, c.win.kw];

function geometry(x: Shape, c: ConvConfig) {
  let planes: Planes;
  if (x.length === 2) planes = { n: 1, c: x[0], h: 1, w: x[1], batched: false };
  else if (x.length === 3) planes = { n: x[0], c: x[1], h: 1, w: x[2], batched: true };
  else throw new OpError(`conv1d expects C×L or N×C×L, got ${formatShape(x)}`);
  const plan = convPlan(c, planes);
  return { plan, inPlane: planes.w, out: planes.batched ? [planes.n, c.cout, plan.g.wo] : [c.cout, plan.g.wo] };
}

/** The output-length formula with this input's numbers: "L_out = ⌊(9 + 2·1 − 3)/2⌋ + 1 = 5". */
export function conv1dFormula(p: Params, inShape: Shape): string {
  const { win } = readConv1d(p);
  const [h, w] = [1, inShape[inShape.length - 1]];
  const lines = windowFormula(win, h, w).split('; ');
  return lines[lines.length - 1].replace(/^[HW]_out/, 'L_out');
}

/** 1-D convolution over C×L or N×C×L, PyTorch's Conv1d: stride, padding (a number, "same" or "valid"), dilation, groups, padding mode. */
export const conv1d: TensorOp = {
  kind: 'tensor',
  type: 'conv1d',
  group: 'Tensor',
  title: 'Conv1d',
  keywords: ['convolution', 'temporal', 'sequence', 'signal', 'filter', 'depthwise'],
  inputs: [{ name: 'x' }, { name: 'weight', param: true }, { name: 'bias', param: true }],
  params: [
    { name: 'inChannels', kind: 'int', default: 1, min: 1, label: 'input channels' },
    { name: 'outChannels', kind: 'int', default: 1, min: 1, label: 'output channels (filters)' },
    { name: 'kernel', kind: 'int', default: 3, min: 1, label: 'kernel k' },
    { name: 'stride', kind: 'int', default: 1, min: 1, label: 'stride s' },
    { name: 'padding', kind: 'ints', default: 0, words: PADDING_WORDS, label: 'padding p, same or valid' },
    { name: 'dilation', kind: 'int', default: 1, min: 1, label: 'dilation d' },
    GROUPS_PARAM,
    PADDING_MODE_PARAM,
    ...WEIGHT_PARAMS,
  ],
  symbol: () => 'conv1d',
  summary(p) {
    const { cout, win, groups } = readConv1d(p);
    const parts = [`${cout}@${win.kw}`];
    if (win.sw !== 1) parts.push(`/${win.sw}`);
    if (win.pw !== 0 || win.pwEnd !== 0) parts.push(win.pw === win.pwEnd ? `p${win.pw}` : `p${win.pw},${win.pwEnd}`);
    if (win.dw !== 1) parts.push(`d${win.dw}`);
    if (groups !== 1) parts.push(`g${groups}`);
    return parts.join(' ');
  },
  text: (args, p) => `conv1d(${args.join(', ')}, ${conv1d.summary?.(p) ?? ''})`,
  latex(args, p) {
    const [x, w = 'W', b = 'b'] = args;
    return hasBias(p) ? `${w} \\star ${x} + ${b}` : `${w} \\star ${x}`;
  },
  windowed: true,
  torch: ({ args: { x, weight, bias }, params, shapes }) => {
    const c = readConv1d(params);
    const { sw, pw, pwEnd, dw } = c.win;
    const tail = `stride=${sw}${dw !== 1 ? `, dilation=${dw}` : ''}${c.groups !== 1 ? `, groups=${c.groups}` : ''}`;
    if (c.mode === 'zeros') {
      const padding = typeof params.padding === 'string' ? `'${params.padding}'` : `${pw}`;
      return `F.conv1d(${x}, ${weight}, ${bias ?? 'None'}, ${tail}, padding=${padding})`;
    }
    // F.pad's reflect and circular modes want a batch axis for 1-D input in torch 1.13.
    const unbatched = shapes.x?.length === 2;
    const padded = `F.pad(${unbatched ? `${x}.unsqueeze(0)` : x}, (${pw}, ${pwEnd}), mode='${c.mode}')`;
    const conv = `F.conv1d(${padded}, ${weight}, ${bias ?? 'None'}, ${tail})`;
    return unbatched ? `${conv}.squeeze(0)` : conv;
  },
  rule(p) {
    const rules: Record<string, string> = {
      x: '∂L/∂x = the transposed convolution of ∂L/∂y with W: each position sums W · ∂L/∂y over every window covering it',
      weight: '∂L/∂W = ∂L/∂y correlated with the input',
    };
    if (hasBias(p)) rules.bias = '∂L/∂b = Σ ∂L/∂y over positions (and the batch)';
    return rules;
  },
  shape(inputs, p) {
    const c = readConv1d(p);
    checkWeights('conv1d', inputs, weightShape(c), LAYOUT, p);
    const x = inputs.x;
    if (!x) throw new OpError('conv1d needs a tensor on its "x" port');
    return geometry(x, c).out;
  },
  forward(inputs, p) {
    const c = readConv1d(p);
    const x = required('conv1d', inputs, 'x');
    const w = required('conv1d', inputs, 'weight');
    const b = c.bias ? required('conv1d', inputs, 'bias') : undefined;
    checkWeights('conv1d', { weight: w.shape, ...(b && { bias: b.shape }) }, weightShape(c), LAYOUT, p);
    const { plan, out, inPlane } = geometry(x.shape, c);
    return convForward(plan, out, x, w, b, inPlane);
  },
  backward(inputs, _out, dy, p) {
    const c = readConv1d(p);
    const x = required('conv1d', inputs, 'x');
    const { plan, inPlane } = geometry(x.shape, c);
    return convBackward(plan, c, x, required('conv1d', inputs, 'weight'), dy, inPlane);
  },
  cost: (_inputs, out, p) => convCost(readConv1d(p), out),
  implicit: (port, _inputs, p) => implicitWeights(port, weightShape(readConv1d(p)), p),
};
