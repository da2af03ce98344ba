import type { Value } from './tensor';

/** v − scale · g, elementwise; a new value, the inputs untouched. */
export function produceValue(v: Value, g: Value, scale: number): Value {
  if (typeof v === 'number') return v - scale * (g as number);
  const gd = typeof g === 'number' ? null : g.data;
  const data = v.data.map((x, i) => x - scale * (gd ? gd[i] : (g as number)));
  return { shape: v.shape, data };
}
