import type { TensorOp } from '../types';

/** Reshaping, reductions, softmax, losses and normalisation (filled in by the tensor-functional work). */
export const FUNCTIONAL_OPS: readonly TensorOp[] = [];
