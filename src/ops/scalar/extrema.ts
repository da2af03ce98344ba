import { binary } from '../define';
import type { CheckPoint, ExactPiece } from '../types';

const AB: CheckPoint[] = [{ at: { a: -2.3, b: 0.6 } }, { at: { a: 1.3, b: -1.9 } }, { at: { a: 2.9, b: 2.2 } }];
const TIES: CheckPoint[] = [{ at: { a: 0, b: 0 } }, { at: { a: -0.5, b: -0.5 } }];
const A: ExactPiece = { value: 'a', d: { a: '1', b: '0' } };
const B: ExactPiece = { value: 'b', d: { a: '0', b: '1' } };
const TIE: ExactPiece = { value: 'a', d: { a: '1/2', b: '1/2' } };

/** Ties send half the gradient to each side, as PyTorch's maximum does. */
export const max = binary({
  type: 'max',
  title: 'Maximum',
  symbol: 'max',
  keywords: ['larger'],
  text: (a, b) => `max(${a}, ${b})`,
  latex: (a, b) => `\\max(${a}, ${b})`,
  f: (a, b) => (a >= b ? a : b),
  da: (a, b) => (a > b ? 1 : a === b ? 0.5 : 0),
  db: (a, b) => (b > a ? 1 : a === b ? 0.5 : 0),
  rule: { a: '∂max(a,b)/∂a = 1 if a > b, ½ if a = b, else 0', b: '∂max(a,b)/∂b = 1 if b > a, ½ if a = b, else 0' },
  torch: 'torch.maximum({a}, {b})',
  exact: { pieces: { negative: B, zero: TIE, positive: A } },
  formula: ['max'],
  checks: { smooth: AB, kinks: TIES },
});

export const min = binary({
  type: 'min',
  title: 'Minimum',
  symbol: 'min',
  keywords: ['smaller'],
  text: (a, b) => `min(${a}, ${b})`,
  latex: (a, b) => `\\min(${a}, ${b})`,
  f: (a, b) => (a <= b ? a : b),
  da: (a, b) => (a < b ? 1 : a === b ? 0.5 : 0),
  db: (a, b) => (b < a ? 1 : a === b ? 0.5 : 0),
  rule: { a: '∂min(a,b)/∂a = 1 if a < b, ½ if a = b, else 0', b: '∂min(a,b)/∂b = 1 if b < a, ½ if a = b, else 0' },
  torch: 'torch.minimum({a}, {b})',
  exact: { pieces: { negative: A, zero: TIE, positive: B } },
  formula: ['min'],
  checks: { smooth: AB, kinks: TIES },
});
