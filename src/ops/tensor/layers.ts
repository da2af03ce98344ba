import type { TensorOp } from '../types';

/** conv2d, pooling, linear and matmul (filled in by the tensor-layers work). */
export const LAYER_OPS: readonly TensorOp[] = [];
