import { formatShape } from '../../format/shape';
import { strides, type Shape } from '../../tensor/tensor';
import { num, OpError, type Params } from '../types';
import { intsOf, listText } from './dims';
import { flatIndex, indexMap, type IndexMap } from './index-map';
import { mover } from './mover';
import { axisIndex } from './shape-ops';

/** The input rows an output of `count` rows along `axis` reads, from `first` by `step`. */
function rows(x: Shape, axis: number, first: number, step: number, count: number): IndexMap {
  const st = strides(x);
  const out = x.map((d, i) => (i === axis ? count : d));
  return indexMap(out, (at) => flatIndex(st, at) + (first + at[axis] * step - at[axis]) * st[axis]);
}

/** Python's x[start:end:step] along one dim: negative bounds count from the end, both clamp to the dim. */
function bounds(x: Shape, p: Params) {
  const axis = axisIndex('slice', 'dim', num(p, 'dim'), x);
  const n = x[axis];
  const step = num(p, 'step');
  if (!Number.isInteger(step) || step < 1)
    throw new OpError(`slice step must be a whole number ≥ 1 (torch has no negative steps), got ${step}`, 'param');
  const ends = intsOf(p, 'end');
  if (ends.length > 1) throw new OpError(`slice end is one number or empty (to the end), got ${listText(ends)}`, 'param');
  const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const start = clamp(num(p, 'start'));
  const end = ends.length ? clamp(ends[0]) : n;
  return { axis, start, step, count: Math.max(0, Math.ceil((end - start) / step)) };
}

/** Every step-th row of one dim from start up to (not including) end, as Python's x[..., start:end:step]. */
export const slice = mover({
  type: 'slice',
  title: 'Slice',
  keywords: ['crop', 'narrow', 'index', 'start:end:step', 'stride'],
  params: [
    { name: 'dim', kind: 'int', default: 0, label: 'dim' },
    { name: 'start', kind: 'int', default: 0, label: 'start (negative counts from the end)' },
    { name: 'end', kind: 'ints', default: [], label: 'end, excluded (empty: to the end)' },
    { name: 'step', kind: 'int', default: 1, min: 1, label: 'step' },
  ],
  symbol: '[:]',
  summary: (p) =>
    `dim ${num(p, 'dim')}: ${num(p, 'start')}:${intsOf(p, 'end').join('')}${num(p, 'step') === 1 ? '' : `:${num(p, 'step')}`}`,
  text: (x, p) => `slice(${x}, dim ${num(p, 'dim')}, ${num(p, 'start')}:${intsOf(p, 'end').join('')}:${num(p, 'step')})`,
  latex: (x) => `\\mathrm{slice}(${x})`,
  torch: ({ args: { x }, params, shapes }) => {
    const axis = axisIndex('slice', 'dim', num(params, 'dim'), shapes.x);
    return `${x}[${':, '.repeat(axis)}${num(params, 'start')}:${intsOf(params, 'end').join('')}:${num(params, 'step')}]`;
  },
  rule: 'each output gradient goes back to the element it was read from; the rows skipped get 0',
  shape: (x, p) => {
    const { axis, count } = bounds(x, p);
    return x.map((d, i) => (i === axis ? count : d));
  },
  map: (x, p) => {
    const { axis, start, step, count } = bounds(x, p);
    return rows(x, axis, start, step, count);
  },
});

/** The chunks torch.split makes of a dim of size n: equal ones of `sizes[0]` (the last may be smaller), or the sections listed. */
function chunks(x: Shape, p: Params): { axis: number; starts: number[]; sizes: number[] } {
  const axis = axisIndex('split', 'dim', num(p, 'dim'), x);
  const n = x[axis];
  const given = intsOf(p, 'sizes');
  if (given.length === 0 || given.some((s) => !Number.isInteger(s) || s < 0) || (given.length === 1 && given[0] === 0)) {
    throw new OpError(`split sizes must be one chunk size ≥ 1 or a list of section sizes ≥ 0, got ${listText(given)}`, 'param');
  }
  let sizes = given;
  if (given.length === 1) {
    sizes = Array.from({ length: Math.max(1, Math.ceil(n / given[0])) }, (_, i) => Math.min(given[0], n - i * given[0]));
  } else if (given.reduce((a, b) => a + b, 0) !== n) {
    throw new OpError(
      `split sections ${listText(given)} add up to ${given.reduce((a, b) => a + b, 0)}, but dim ${axis} of the ${formatShape(x)} input has ${n}`,
      'param',
    );
  }
  const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  return { axis, starts, sizes };
}

function chosen(x: Shape, p: Params) {
  const c = chunks(x, p);
  const k = num(p, 'index');
  const m = c.sizes.length;
  if (!Number.isInteger(k) || k < -m || k >= m) {
    throw new OpError(
      `split makes ${m} chunks of dim ${c.axis} (sizes ${listText(c.sizes)}): index ${k} is out of range, use ${-m} to ${m - 1}`,
      'param',
    );
  }
  const i = k < 0 ? k + m : k;
  return { axis: c.axis, start: c.starts[i], size: c.sizes[i] };
}

/**
 * One chunk of torch.split(x, sizes, dim): a node has one output, so a split into three is three
 * split nodes reading the same x, with index 0, 1 and 2.
 */
export const split = mover({
  type: 'split',
  title: 'Split (one chunk)',
  keywords: ['chunk', 'section', 'unbind', 'divide'],
  params: [
    { name: 'sizes', kind: 'ints', default: 1, label: 'chunk size, or the list of section sizes' },
    { name: 'dim', kind: 'int', default: 0, label: 'dim' },
    { name: 'index', kind: 'int', default: 0, label: 'which chunk this node outputs (negative counts from the end)' },
  ],
  symbol: 'split',
  summary: (p) => `#${num(p, 'index')} of ${listText(intsOf(p, 'sizes'))} on dim ${num(p, 'dim')}`,
  text: (x, p) => `split(${x}, ${listText(intsOf(p, 'sizes'))}, dim ${num(p, 'dim')})[${num(p, 'index')}]`,
  latex: (x, p) => `\\mathrm{split}(${x})_{${num(p, 'index')}}`,
  torch: ({ args: { x }, params }, py) => {
    const sizes = intsOf(params, 'sizes');
    const how = sizes.length === 1 ? String(sizes[0]) : py.ints(sizes);
    return `torch.split(${x}, ${how}, ${num(params, 'dim')})[${num(params, 'index')}]`;
  },
  rule: 'the chunk’s gradient goes back to its rows; the other rows get 0 from this node',
  shape: (x, p) => {
    const { axis, size } = chosen(x, p);
    return x.map((d, i) => (i === axis ? size : d));
  },
  map: (x, p) => {
    const { axis, start, size } = chosen(x, p);
    return rows(x, axis, start, 1, size);
  },
});
