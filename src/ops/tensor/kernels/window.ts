import { formatShape } from '../../../format/shape';
import { type Shape } from '../../../tensor/tensor';
import { OpError, type ParamValue, type Params } from '../../types';

/** A 2-D sliding window: kernel size, stride and zero padding along H and W. */
export interface Window2d {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
}

/** The N, C, H, W of an image input; N = 1 and `batched` false for a C × H × W one. */
export interface Planes {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly batched: boolean;
}

/** Output length along one axis, as PyTorch computes it: ⌊(n + 2p − k)/s⌋ + 1. */
export const convOutputSize = (n: number, k: number, s: number, p: number): number => Math.floor((n + 2 * p - k) / s) + 1;

/**
 * The symmetric zero padding that makes the output ⌈n/s⌉ long for every input length n (n itself at
 * stride 1): (k − 1)/2 for an odd kernel, at any stride. Null for an even kernel, which would need
 * padding on one side only, or for a stride that is not a positive integer.
 */
export function samePadding(k: number, s = 1): number | null {
  if (!Number.isInteger(s) || s < 1 || !Number.isInteger(k) || k < 1) return null;
  return k % 2 === 1 ? (k - 1) / 2 : null;
}

/**
 * One integer or [h, w] from an 'ints' parameter, as PyTorch's _pair reads kernel_size.
 * An empty list gives `fallback` (PyTorch's None: a pool's stride defaults to its kernel).
 */
function pair(v: ParamValue | undefined, name: string, min: number, fallback?: readonly [number, number]): [number, number] {
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min;
  if (ok(v)) return [v, v];
  if (Array.isArray(v)) {
    if (v.length === 0 && fallback) return [fallback[0], fallback[1]];
    if (v.length === 1 && ok(v[0])) return [v[0], v[0]];
    if (v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  }
  const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
  throw new OpError(`${name} must be ${what} or [h, w], got ${JSON.stringify(v ?? null)}`, 'param');
}

/** Kernel, stride and padding read from an op's parameters; `strideFallsBackToKernel` for pools. */
export function readWindow(
  p: Params,
  defaults: { kernel: ParamValue; stride: ParamValue; padding: ParamValue },
  strideFallsBackToKernel = false,
): Window2d {
  const [kh, kw] = pair(p.kernel ?? defaults.kernel, 'kernel', 1);
  const [sh, sw] = pair(p.stride ?? defaults.stride, 'stride', 1, strideFallsBackToKernel ? [kh, kw] : undefined);
  const [ph, pw] = pair(p.padding ?? defaults.padding, 'padding', 0);
  return { kh, kw, sh, sw, ph, pw };
}

/** The N, C, H, W of a C×H×W or N×C×H×W input, or an OpError naming the shape. */
export function readPlanes(op: string, x: Shape): Planes {
  if (x.length === 3) return { n: 1, c: x[0], h: x[1], w: x[2], batched: false };
  if (x.length === 4) return { n: x[0], c: x[1], h: x[2], w: x[3], batched: true };
  throw new OpError(`${op} expects C×H×W or N×C×H×W, got ${formatShape(x)}`);
}

/** H_out and W_out, or an OpError when the kernel does not fit the padded input. */
export function outputSize(x: Planes, win: Window2d): [number, number] {
  const hp = x.h + 2 * win.ph;
  const wp = x.w + 2 * win.pw;
  if (win.kh > hp || win.kw > wp) {
    throw new OpError(`kernel ${win.kh}×${win.kw} is larger than the padded input ${hp}×${wp} (use a smaller kernel or more padding)`);
  }
  return [convOutputSize(x.h, win.kh, win.sh, win.ph), convOutputSize(x.w, win.kw, win.sw, win.pw)];
}

/** "11×11 /4 p2": the kernel, then the stride and padding where they are not 1 and 0. */
export function windowSummary(win: Window2d): string {
  const two = (a: number, b: number) => (a === b ? `${a}` : `${a}×${b}`);
  let s = `${win.kh}×${win.kw}`;
  if (win.sh !== 1 || win.sw !== 1) s += ` /${two(win.sh, win.sw)}`;
  if (win.ph !== 0 || win.pw !== 0) s += ` p${two(win.ph, win.pw)}`;
  return s;
}

/** The output-size formula with the numbers filled in, one axis or both: "H_out = ⌊(7 + 2·2 − 3)/2⌋ + 1 = 5". */
export function windowFormula(win: Window2d, h: number, w: number): string {
  const axis = (name: string, n: number, k: number, s: number, p: number) =>
    `${name} = ⌊(${n} + 2·${p} − ${k})/${s}⌋ + 1 = ${convOutputSize(n, k, s, p)}`;
  const hLine = axis('H_out', h, win.kh, win.sh, win.ph);
  if (h === w && win.kh === win.kw && win.sh === win.sw && win.ph === win.pw) return hLine;
  return `${hLine}; ${axis('W_out', w, win.kw, win.sw, win.pw)}`;
}
