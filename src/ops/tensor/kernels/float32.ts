/**
 * Fast float32 mode: inside `inFloat32`, big matrix products (gemm.ts) run in float32 SIMD and
 * each reports its sampled error here. Evaluation is synchronous and single-threaded per realm, so
 * the mode is a scope around one run rather than a parameter threaded through every op's facets;
 * it is always restored, even when the run throws.
 */

/** Unit roundoff of float32: 2⁻²⁴. */
export const EPS32 = 2 ** -24;

/** What float32 did during one run. */
export interface Float32Report {
  /** Matrix products computed in float32. */
  readonly products: number;
  /** Their multiply-adds. */
  readonly macs: number;
  /**
   * Largest |c32 − c64| / Σ|a·b| over the entries sampled from every product (8 per product,
   * each recomputed in float64): the measured error.
   */
  readonly sampledError: number;
  /** The a-priori bound on that ratio for the deepest product: (k + 2)·2⁻²⁴. */
  readonly bound: number;
}

interface Tally {
  products: number;
  macs: number;
  sampledError: number;
  depth: number;
}

let active: Tally | null = null;

/** True inside inFloat32: gemm then tries the float32 kernel. */
export const float32Active = (): boolean => active !== null;

/** Counts one float32 product of depth k and its sampled error. */
export function recordFloat32(m: number, n: number, k: number, error: number): void {
  if (!active) return;
  active.products++;
  active.macs += m * n * k;
  active.sampledError = Math.max(active.sampledError, error);
  active.depth = Math.max(active.depth, k);
}

/** Runs `run` with big products in float32; its result and what float32 did. */
export function inFloat32<T>(run: () => T): { readonly result: T; readonly report: Float32Report } {
  const outer = active;
  const tally: Tally = { products: 0, macs: 0, sampledError: 0, depth: 0 };
  active = tally;
  try {
    const result = run();
    const { products, macs, sampledError, depth } = tally;
    return { result, report: { products, macs, sampledError, bound: products ? (depth + 2) * EPS32 : 0 } };
  } finally {
    active = outer;
  }
}
