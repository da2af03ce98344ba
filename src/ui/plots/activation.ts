import type { ElementwiseOp, Params } from '../../ops/types';

/** One point of a function and its derivative; null where the op is undefined or not finite. */
export interface Sample {
  readonly x: number;
  readonly f: number | null;
  readonly d: number | null;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * f and f' of a unary elementwise op on n evenly spaced points of [lo, hi]. The derivative is the
 * op's own (the one backprop uses), so ReLU'(0) = 0 and Leaky ReLU'(0) = c, as in the exams.
 */
export function sampleUnary(op: ElementwiseOp, params: Params, [lo, hi]: readonly [number, number], n = 161): Sample[] {
  const deriv = op.derivative[op.inputs[0].name];
  return Array.from({ length: n }, (_, i) => {
    const x = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1);
    if (op.domain?.(x, 0, params)) return { x, f: null, d: null };
    const f = op.forward(x, 0, params);
    return { x, f: finite(f), d: Number.isFinite(f) ? finite(deriv(x, 0, f, params)) : null };
  });
}

/** [-4, 4], widened to keep the current input (and one unit around it) in view. */
export function plotRange(inputs: readonly number[]): [number, number] {
  let lo = -4;
  let hi = 4;
  for (const u of inputs) {
    if (!Number.isFinite(u)) continue;
    lo = Math.min(lo, u - 1);
    hi = Math.max(hi, u + 1);
  }
  return [lo, hi];
}

/** The y range of both curves, kept within ±limit so an exponential does not flatten the rest. */
export function yRange(samples: readonly Sample[], limit = 6): [number, number] {
  let lo = 0;
  let hi = 1;
  for (const s of samples) {
    for (const v of [s.f, s.d]) {
      if (v === null) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const pad = (hi - lo) * 0.08;
  return [Math.max(-limit, lo - pad), Math.min(limit, hi + pad)];
}
