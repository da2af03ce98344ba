/**
 * The simplest fraction p/q (q ≤ maxDen) within a few float roundings of x, found by continued
 * fractions, as text: "11/3", "-2", "33/2"; null when x is not such a fraction. Tensor graphs of
 * rational inputs through rational ops (matmul, MSE, an SGD step) produce exactly these values,
 * so their elements can be shown the way an answer key writes them without symbolic algebra.
 */
export function rationalText(x: number, maxDen = 10000): string | null {
  if (!Number.isFinite(x)) return null;
  const tol = 1e-12 * Math.max(1, Math.abs(x));
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let r = x;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(r);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > maxDen) return null;
    if (Math.abs(h1 / k1 - x) <= tol) return k1 === 1 ? String(h1) : `${h1}/${k1}`;
    const frac = r - a;
    if (frac < 1e-15) return null;
    r = 1 / frac;
  }
  return null;
}
