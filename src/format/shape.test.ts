import { expect, it } from 'vitest';
import { formatShape } from './shape';

it.each([
  [[], 'scalar'],
  [[3], '3'],
  [[3, 227, 227], '3×227×227'],
  [[1, 0], '1×0'],
])('shape %j reads %s', (shape, text) => {
  expect(formatShape(shape)).toBe(text);
});
