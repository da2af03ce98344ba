import { readWindow, type Window2d } from '../../ops/tensor/kernels/window';
import type { Params } from '../../ops/types';
import type { TorchMapping } from './ops-types';

/** Kernel, stride and padding as the engine reads them; the plan's params already hold the op's defaults. */
const window = (p: Params, pool: boolean): Window2d =>
  readWindow(p, { kernel: p.kernel, stride: p.stride, padding: p.padding }, pool);

const pair = (h: number, w: number): string => `(${h}, ${w})`;

const windowArgs = (w: Window2d): string =>
  `${pair(w.kh, w.kw)}, stride=${pair(w.sh, w.sw)}, padding=${pair(w.ph, w.pw)}`;

/**
 * Convolution, pooling, linear and matrix product. Weights are [out, in, ...] in both, conv2d is
 * cross-correlation in both, and unbatched C×H×W input works in both. avg_pool2d keeps its default
 * count_include_pad=True, the engine's "padding counts as zeros"; max_pool2d, like the engine,
 * sends a tied window's gradient to its first maximum.
 */
export const LAYERS: Readonly<Record<string, TorchMapping>> = {
  conv2d: ({ args: { x, weight, bias }, params }) => {
    const w = window(params, false);
    return `F.conv2d(${x}, ${weight}, ${bias ?? 'None'}, stride=${pair(w.sh, w.sw)}, padding=${pair(w.ph, w.pw)})`;
  },
  maxPool2d: ({ args: { x }, params }) => `F.max_pool2d(${x}, ${windowArgs(window(params, true))})`,
  avgPool2d: ({ args: { x }, params }) => `F.avg_pool2d(${x}, ${windowArgs(window(params, true))})`,
  linear: ({ args: { x, weight, bias } }) => `F.linear(${x}, ${weight}${bias ? `, ${bias}` : ''})`,
  matmul: ({ args: { a, b } }) => `${a} @ ${b}`,
};
