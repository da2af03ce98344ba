import { formatShape } from '../../format/shape';
import type { Shape } from '../../tensor/tensor';
import { OpError, type Params } from '../types';
import { axisIndex } from './shape-ops';

/** An 'ints' parameter as a list: one number is a list of one. */
export function intsOf(p: Params, key: string): number[] {
  const v = p[key];
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return [...v];
  throw new OpError(`parameter "${key}" must be an integer or a list of integers`, 'param');
}

/** Several dimensions, each counted from the front, none named twice. */
export function distinctAxes(op: string, param: string, axes: readonly number[], shape: Shape): number[] {
  const out = axes.map((a) => axisIndex(op, param, a, shape));
  const twice = out.find((a, i) => out.indexOf(a) !== i);
  if (twice !== undefined) {
    throw new OpError(`${op} ${param} names dim ${twice} twice ([${axes.join(', ')}] on a ${formatShape(shape)} tensor)`, 'param');
  }
  return out;
}

/** The dims list as text: "[0, 2, 1]". */
export const listText = (xs: readonly number[]): string => `[${xs.join(', ')}]`;
