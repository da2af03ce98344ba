/**
 * Central differences: d f / d x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, for every i.
 * `f` must not keep a reference to `x`: it is perturbed in place and restored.
 */
export function numericalGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    const step = h * Math.max(1, Math.abs(keep));
    x[i] = keep + step;
    const up = f(x);
    x[i] = keep - step;
    const down = f(x);
    x[i] = keep;
    g[i] = (up - down) / (2 * step);
  }
  return g;
}

/** The largest relative difference |a − b| / max(1, |a|, |b|) between two arrays. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]), Math.abs(b[i]));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
