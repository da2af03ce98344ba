import type { TensorOp } from '../types';
import { conv2d } from './conv';
import { linear, matmul } from './linear';
import { avgPool2d, maxPool2d } from './pool';

/** Convolution, pooling, fully connected and matrix-product layers, in palette order. */
export const LAYER_OPS: readonly TensorOp[] = [conv2d, maxPool2d, avgPool2d, linear, matmul];
