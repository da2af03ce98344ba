import type { Shape, Tensor } from '../../tensor/tensor';
import type { ParamSpec, Params } from '../types';

/** PyTorch's `reduction`: 'mean' (its default), 'sum', or 'none' (the loss per element, or per sample for class losses). */
export const reductionParam: ParamSpec = {
  name: 'reduction',
  kind: 'enum',
  default: 'mean',
  options: ['mean', 'sum', 'none'],
  label: 'reduction',
};

export type Reduction = 'mean' | 'sum' | 'none';

export const reductionOf = (p: Params): Reduction => (p.reduction === 'sum' ? 'sum' : p.reduction === 'none' ? 'none' : 'mean');

/** The output shape: a scalar, or the per-element shape for 'none'. */
export const reducedShape = (p: Params, each: Shape): Shape => (reductionOf(p) === 'none' ? [...each] : []);

/**
 * Per-element losses reduced as `reduction` says: summed, divided by `divisor` (the element count,
 * or the summed class weights of a weighted mean), or kept.
 */
export function reduce(losses: Float64Array, each: Shape, p: Params, divisor = losses.length): Tensor {
  if (reductionOf(p) === 'none') return { shape: [...each], data: losses };
  const total = losses.reduce((a, b) => a + b, 0);
  return { shape: [], data: Float64Array.of(reductionOf(p) === 'sum' ? total : total / divisor) };
}

/** The upstream gradient of each element's loss: g itself for 'none', g/divisor for the mean, g for the sum. */
export function upstream(g: Tensor, n: number, p: Params, divisor = n): (i: number) => number {
  const r = reductionOf(p);
  if (r === 'none') return (i) => g.data[i];
  const k = r === 'sum' ? g.data[0] : g.data[0] / divisor;
  return () => k;
}
