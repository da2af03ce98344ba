/** Rounds to two significant digits, so the contour labels read 0.5, 12, 250. */
const round2 = (v: number): number => {
  if (v === 0) return 0;
  const p = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Math.round(v / p) * p;
};

/**
 * About `count` contour levels strictly between the lowest and highest finite values, spaced
 * evenly in sign(L)·√|L|: a quadratic bowl gets evenly spaced rings instead of all its levels far
 * up the walls, and a saddle's negative side gets as many as its positive one.
 */
export function levelsOf(values: ArrayLike<number>, count = 10): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!(lo < hi)) return [];
  const s = (v: number) => Math.sign(v) * Math.sqrt(Math.abs(v));
  const inv = (u: number) => Math.sign(u) * u * u;
  const out = new Set<number>();
  for (let k = 1; k <= count; k++) {
    const v = round2(inv(s(lo) + ((s(hi) - s(lo)) * k) / (count + 1)));
    if (v > lo && v < hi) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Grid points per side: as many as about `budgetMs` of evaluations allow, between 16 and 64. */
export const gridSide = (msPerPoint: number, budgetMs = 120): number =>
  Math.max(16, Math.min(64, Math.floor(Math.sqrt(budgetMs / Math.max(msPerPoint, 1e-4)))));
