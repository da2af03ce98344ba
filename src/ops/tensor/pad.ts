import { formatShape } from '../../format/shape';
import { strides, type Shape } from '../../tensor/tensor';
import { num, OpError, type Params } from '../types';
import { intsOf, listText } from './dims';
import { indexMap } from './index-map';
import { mover } from './mover';

const MODES = ['constant', 'reflect', 'replicate'] as const;
type Mode = (typeof MODES)[number];

/** Before and after amounts per dim, read as torch.nn.functional.pad reads them: the last dim first. */
function amounts(x: Shape, p: Params): { mode: Mode; before: number[]; after: number[] } {
  const pad = intsOf(p, 'pad');
  const mode = p.mode as Mode;
  const k = pad.length / 2;
  const r = x.length;
  if (pad.length === 0 || !Number.isInteger(k) || k > r) {
    throw new OpError(
      `pad takes pairs (before, after) from the last dim backwards, at most ${r} pairs for a ${formatShape(x)} input; got ${listText(pad)}`,
      'param',
    );
  }
  if (mode !== 'constant') {
    // torch 1.13 pads the last 1, 2 or 3 dims of an input with one or two dims more (batch, channels).
    if (k > 3 || (r !== k + 1 && r !== k + 2)) {
      throw new OpError(
        `${mode} padding of ${k} dim${k === 1 ? '' : 's'} needs a ${k + 1}- or ${k + 2}-dim input (as torch), got ${formatShape(x)}; ${k > 3 ? 'pad at most 3 dims' : 'reshape it or pad fewer dims'}`,
        'param',
      );
    }
    if (pad.some((a) => a < 0))
      throw new OpError(`${mode} padding must be ≥ 0 (only constant padding crops), got ${listText(pad)}`, 'param');
  }
  const before = x.map(() => 0);
  const after = x.map(() => 0);
  for (let j = 0; j < k; j++) {
    const d = r - 1 - j;
    [before[d], after[d]] = [pad[2 * j], pad[2 * j + 1]];
    const n = x[d];
    if (mode === 'reflect' && (before[d] >= n || after[d] >= n)) {
      throw new OpError(
        `reflect padding of dim ${d} must be less than its size ${n} (as torch), got ${before[d]} and ${after[d]}`,
        'param',
      );
    }
    if (mode === 'replicate' && n === 0) throw new OpError(`replicate padding needs dim ${d} of size ≥ 1, got 0`, 'param');
    if (n + before[d] + after[d] < 0) {
      throw new OpError(`pad ${listText(pad)} crops dim ${d} of size ${n} below zero`, 'param');
    }
  }
  return { mode, before, after };
}

/** Where output index o of a dim of size n (padded `before`) reads from: an input index, or -1 for the constant. */
function source(mode: Mode, o: number, before: number, n: number): number {
  const i = o - before;
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return -1;
  if (mode === 'replicate') return i < 0 ? 0 : n - 1;
  return i < 0 ? -i : 2 * (n - 1) - i; // reflect: mirrored about the edge element, which is not repeated
}

/** Pads (or, with negative constant amounts, crops) the trailing dims, as torch.nn.functional.pad. */
export const pad = mover({
  type: 'pad',
  title: 'Pad',
  keywords: ['padding', 'border', 'reflect', 'replicate', 'crop'],
  params: [
    { name: 'pad', kind: 'ints', default: [1, 1], label: 'amounts [before, after] for the last dim, then the one before, …' },
    { name: 'mode', kind: 'enum', default: 'constant', options: MODES, label: 'mode' },
    { name: 'value', kind: 'number', default: 0, label: 'fill value (constant mode)' },
  ],
  symbol: 'pad',
  summary: (p) => `${listText(intsOf(p, 'pad'))} ${String(p.mode)}`,
  text: (x, p) => `pad(${x}, ${listText(intsOf(p, 'pad'))}, ${String(p.mode)})`,
  latex: (x) => `\\mathrm{pad}(${x})`,
  torch: ({ args: { x }, params }, py) => {
    const amounts = py.ints(intsOf(params, 'pad'));
    return params.mode === 'constant'
      ? `F.pad(${x}, ${amounts}, mode='constant', value=${py.float(num(params, 'value'))})`
      : `F.pad(${x}, ${amounts}, mode='${String(params.mode)}')`;
  },
  rule: 'each output gradient goes back to the element it was read from (summed where read more than once); the fill gets none',
  shape: (x, p) => {
    const { before, after } = amounts(x, p);
    return x.map((n, d) => n + before[d] + after[d]);
  },
  fill: (p) => (p.mode === 'constant' ? num(p, 'value') : 0),
  map: (x, p) => {
    const { mode, before, after } = amounts(x, p);
    const st = strides(x);
    return indexMap(
      x.map((n, d) => n + before[d] + after[d]),
      (at) => {
        let o = 0;
        for (let d = 0; d < at.length; d++) {
          const i = source(mode, at[d], before[d], x[d]);
          if (i < 0) return -1;
          o += i * st[d];
        }
        return o;
      },
    );
  },
});
