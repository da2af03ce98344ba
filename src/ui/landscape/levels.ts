/** Rounds to two significant digits, so the contour labels read 0.5, 12, 250. */
const round2 = (v: number): number => Number(v.toPrecision(2));

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
  const step = (s(hi) - s(lo)) / (count + 1);
  // Across zero the spacing is anchored at 0, so L = 0 is a level (a saddle's asymptotes) and the two sides match.
  const base = lo < 0 && hi > 0 ? Math.ceil(s(lo) / step) * step : s(lo);
  const out = new Set<number>();
  for (let k = 0; k <= count + 1; k++) {
    const u = base + k * step;
    if (u > s(lo) + step / 2 && u < s(hi) - step / 2) out.add(round2(inv(Math.abs(u) < step / 2 ? 0 : u)));
  }
  return [...out].sort((a, b) => a - b);
}

/** Grid points per side: as many as about `budgetMs` of evaluations allow, between 16 and 64. */
export const gridSide = (msPerPoint: number, budgetMs = 120): number =>
  Math.max(16, Math.min(64, Math.floor(Math.sqrt(budgetMs / Math.max(msPerPoint, 1e-4)))));
