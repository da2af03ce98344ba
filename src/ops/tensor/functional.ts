import type { TensorOp } from '../types';
import { crossEntropy, mse, svmHinge } from './losses';
import { batchNorm, instanceNorm, layerNorm } from './norm';
import { mean, sum } from './reduce';
import { flatten, reshape, transpose } from './shape-ops';
import { logSoftmax, softmax } from './softmax';

/** Reshaping, reductions, softmax, losses and normalisation, in palette order. */
export const FUNCTIONAL_OPS: readonly TensorOp[] = [
  flatten, reshape, transpose, sum, mean,
  softmax, logSoftmax,
  batchNorm, layerNorm, instanceNorm,
  crossEntropy, mse, svmHinge,
];
