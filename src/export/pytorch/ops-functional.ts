import { axisIndex } from '../../ops/tensor/shape-ops';
import { num, type Params } from '../../ops/types';
import type { TorchMapping } from './ops-types';
import { pyFloat, pyInts } from './python';

function reduction(fn: 'sum' | 'mean'): TorchMapping {
  return ({ args: { x }, params: p, shapes }) => {
    const keep = p.keepdim === true;
    if (p.all !== false) {
      // Over everything with keepdim: every axis named, so each stays as size 1 (the engine's shape).
      const rank = shapes.x.length;
      return keep && rank > 0 ? `${x}.${fn}(dim=${pyInts([...Array(rank).keys()])}, keepdim=True)` : `${x}.${fn}()`;
    }
    return `${x}.${fn}(dim=${num(p, 'axis')}${keep ? ', keepdim=True' : ''})`;
  };
}

const optional = (t: string | undefined): string => t ?? 'None';
const eps = (p: Params): string => pyFloat(num(p, 'eps'));

/**
 * Reshaping, reductions, softmax and normalisation. The norms run in training mode (batch
 * statistics, biased variance), and gamma/beta are passed exactly when the node has them.
 */
export const FUNCTIONAL: Readonly<Record<string, TorchMapping>> = {
  flatten: ({ args: { x }, params, shapes }) => {
    if (shapes.x.length === 0) return `torch.flatten(${x})`;
    const start = axisIndex('flatten', 'startDim', num(params, 'startDim'), shapes.x);
    // Flattening only the last axis changes nothing, and torch.flatten then returns x itself: the
    // node would share x's tensor and so its gradient. A reshape gives it a tensor of its own.
    if (start === shapes.x.length - 1) return `${x}.reshape(${pyInts(shapes.x)})`;
    return `torch.flatten(${x}, ${start})`;
  },
  reshape: ({ args: { x }, params }) => `${x}.reshape(${pyInts([params.shape].flat() as number[])})`,
  transpose: ({ args: { x }, params }) => `${x}.transpose(${num(params, 'dim0')}, ${num(params, 'dim1')})`,
  sum: reduction('sum'),
  mean: reduction('mean'),
  softmax: ({ args: { x }, params }) => `torch.softmax(${x}, dim=${num(params, 'axis')})`,
  logSoftmax: ({ args: { x }, params }) => `torch.log_softmax(${x}, dim=${num(params, 'axis')})`,
  batchNorm: ({ args: { x, gamma, beta }, params }) =>
    `F.batch_norm(${x}, None, None, ${optional(gamma)}, ${optional(beta)}, training=True, eps=${eps(params)})`,
  layerNorm: ({ args: { x, gamma, beta }, params, shapes }) =>
    `F.layer_norm(${x}, ${pyInts(shapes.x.slice(1))}, ${optional(gamma)}, ${optional(beta)}, eps=${eps(params)})`,
  instanceNorm: ({ args: { x, gamma, beta }, params }) =>
    `F.instance_norm(${x}, weight=${optional(gamma)}, bias=${optional(beta)}, eps=${eps(params)})`,
};
