import { formatShape } from '../../../format/shape';
import { type Shape } from '../../../tensor/tensor';
import { OpError, type ParamValue, type Params } from '../../types';

/**
 * A 2-D sliding window: kernel size, stride, dilation and zero padding along H and W. `ph` and
 * `pw` pad the top and left; `phEnd` and `pwEnd` the bottom and right, which differ only for
 * padding "same" with an odd total (PyTorch puts the extra row or column at the end).
 */
export interface Window2d {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  readonly phEnd: number;
  readonly pwEnd: number;
}

/** A window from its parts: no dilation and symmetric padding unless given. */
export const window2d = (w: Pick<Window2d, 'kh' | 'kw' | 'sh' | 'sw' | 'ph' | 'pw'> & Partial<Window2d>): Window2d => ({
  dh: 1,
  dw: 1,
  phEnd: w.ph,
  pwEnd: w.pw,
  ...w,
});

/** The N, C, H, W of an image input; N = 1 and `batched` false for a C × H × W one. */
export interface Planes {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly batched: boolean;
}

/**
 * Output length along one axis, as PyTorch computes it: ⌊(n + p + pEnd − d·(k − 1) − 1)/s⌋ + 1,
 * which is ⌊(n + 2p − k)/s⌋ + 1 without dilation and with symmetric padding.
 */
export const convOutputSize = (n: number, k: number, s: number, p: number, d = 1, pEnd = p): number =>
  Math.floor((n + p + pEnd - d * (k - 1) - 1) / s) + 1;

/**
 * A pool's output length, PyTorch's pooling_output_shape: with ceilMode the division rounds up,
 * but a last window that would start past the input and the left padding is dropped.
 */
export function poolOutputSize(n: number, k: number, s: number, p: number, d: number, ceilMode: boolean): number {
  const span = n + 2 * p - d * (k - 1) - 1;
  if (!ceilMode) return Math.floor(span / s) + 1;
  let out = Math.ceil(span / s) + 1;
  if ((out - 1) * s >= n + p) out--;
  return out;
}

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

/** The padding words a convolution accepts besides numbers, as PyTorch's padding='same' | 'valid'. */
export const PADDING_WORDS = ['same', 'valid'] as const;

export interface WindowDefaults {
  readonly kernel: ParamValue;
  readonly stride: ParamValue;
  readonly padding: ParamValue;
}

/**
 * Kernel, stride, dilation and padding read from an op's parameters; `strideFallsBackToKernel` for
 * pools. `words` allows padding "same" (stride 1 only, as in PyTorch; the total d·(k − 1) split
 * with the odd one at the end) and "valid" (no padding).
 */
export function readWindow(p: Params, defaults: WindowDefaults, strideFallsBackToKernel = false, words = false): Window2d {
  const [kh, kw] = pair(p.kernel ?? defaults.kernel, 'kernel', 1);
  const [sh, sw] = pair(p.stride ?? defaults.stride, 'stride', 1, strideFallsBackToKernel ? [kh, kw] : undefined);
  const [dh, dw] = pair(p.dilation ?? 1, 'dilation', 1);
  const padding = p.padding ?? defaults.padding;
  if (words && padding === 'valid') return { kh, kw, sh, sw, dh, dw, ph: 0, pw: 0, phEnd: 0, pwEnd: 0 };
  if (words && padding === 'same') {
    if (sh !== 1 || sw !== 1) {
      throw new OpError(
        `padding "same" needs stride 1, got stride ${sh === sw ? sh : `[${sh}, ${sw}]`} (as in PyTorch; give numbers instead)`,
        'param',
      );
    }
    const th = dh * (kh - 1);
    const tw = dw * (kw - 1);
    const ph = Math.floor(th / 2);
    const pw = Math.floor(tw / 2);
    return { kh, kw, sh, sw, dh, dw, ph, pw, phEnd: th - ph, pwEnd: tw - pw };
  }
  if (typeof padding === 'string') {
    const allowed = words ? `, [h, w], "same" or "valid"` : ' or [h, w]';
    throw new OpError(`padding must be a non-negative integer${allowed}, got ${JSON.stringify(padding)}`, 'param');
  }
  const [ph, pw] = pair(padding, 'padding', 0);
  return { kh, kw, sh, sw, dh, dw, ph, pw, phEnd: ph, pwEnd: pw };
}

/** The N, C, H, W of a C×H×W or N×C×H×W input, or an OpError naming the shape. */
export function readPlanes(op: string, x: Shape): Planes {
  if (x.length === 3) return { n: 1, c: x[0], h: x[1], w: x[2], batched: false };
  if (x.length === 4) return { n: x[0], c: x[1], h: x[2], w: x[3], batched: true };
  throw new OpError(`${op} expects C×H×W or N×C×H×W, got ${formatShape(x)}`);
}

/** The rows and columns a dilated kernel spans: d·(k − 1) + 1. */
export const extent = (k: number, d: number): number => d * (k - 1) + 1;

/** H_out and W_out, or an OpError when the kernel does not fit the padded input. */
export function outputSize(x: Planes, win: Window2d): [number, number] {
  const hp = x.h + win.ph + win.phEnd;
  const wp = x.w + win.pw + win.pwEnd;
  const eh = extent(win.kh, win.dh);
  const ew = extent(win.kw, win.dw);
  if (eh > hp || ew > wp) {
    const k = win.dh === 1 && win.dw === 1 ? `kernel ${win.kh}×${win.kw}` : `dilated kernel ${eh}×${ew}`;
    throw new OpError(`${k} is larger than the padded input ${hp}×${wp} (use a smaller kernel or more padding)`);
  }
  return [convOutputSize(x.h, win.kh, win.sh, win.ph, win.dh, win.phEnd), convOutputSize(x.w, win.kw, win.sw, win.pw, win.dw, win.pwEnd)];
}

/** "11×11 /4 p2 d2": the kernel, then the stride, padding and dilation where they are not 1, 0 and 1. */
export function windowSummary(win: Window2d): string {
  const two = (a: number, b: number) => (a === b ? `${a}` : `${a}×${b}`);
  let s = `${win.kh}×${win.kw}`;
  if (win.sh !== 1 || win.sw !== 1) s += ` /${two(win.sh, win.sw)}`;
  if (win.ph !== win.phEnd || win.pw !== win.pwEnd) s += ` p${win.ph},${win.phEnd}×${win.pw},${win.pwEnd}`;
  else if (win.ph !== 0 || win.pw !== 0) s += ` p${two(win.ph, win.pw)}`;
  if (win.dh !== 1 || win.dw !== 1) s += ` d${two(win.dh, win.dw)}`;
  return s;
}

/**
 * The output-size formula with the numbers filled in, one axis or both: "H_out = ⌊(7 + 2·2 − 3)/2⌋ + 1 = 5".
 * Dilation writes the kernel's extent d·(k − 1) + 1; uneven padding writes both sides; a pool's
 * ceil mode rounds up (and drops a last window that would start in the padding).
 */
export function windowFormula(win: Window2d, h: number, w: number, ceilMode = false): string {
  const [l, r] = ceilMode ? ['⌈', '⌉'] : ['⌊', '⌋'];
  const axis = (name: string, n: number, k: number, s: number, p: number, pEnd: number, d: number) => {
    const pad = p === pEnd ? `2·${p}` : `${p} + ${pEnd}`;
    const ext = d === 1 ? `${k}` : `(${d}·(${k} − 1) + 1)`;
    const size = ceilMode ? poolOutputSize(n, k, s, p, d, true) : convOutputSize(n, k, s, p, d, pEnd);
    const rounded = ceilMode ? Math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1 : size;
    const value = rounded === size ? `${size}` : `${rounded} − 1 = ${size} (the last window would start in the padding)`;
    return `${name} = ${l}(${n} + ${pad} − ${ext})/${s}${r} + 1 = ${value}`;
  };
  const hLine = axis('H_out', h, win.kh, win.sh, win.ph, win.phEnd, win.dh);
  const wLine = axis('W_out', w, win.kw, win.sw, win.pw, win.pwEnd, win.dw);
  return hLine.replace('H_out', '') === wLine.replace('W_out', '') ? hLine : `${hLine}; ${wLine}`;
}
