import { unary } from '../define';

/**
 * abs'(0) = 0, as PyTorch's sign(0). mathjs differentiates the form (d|u|/du = |u|/u); exact
 * values take it piece by piece, so that |0| has a derivative.
 */
export const abs = unary({
  type: 'abs',
  title: 'Absolute value',
  keywords: ['magnitude', '|x|'],
  symbol: '|x|',
  text: (u) => `|${u}|`,
  latex: (u) => `\\left|${u}\\right|`,
  f: Math.abs,
  d: (x) => Math.sign(x),
  rule: 'd/du |u| = sign(u)',
  torch: 'torch.abs({u})',
  formula: ['abs'],
  exact: {
    form: 'abs(u)',
    pieces: { negative: { value: '-u', d: { u: '-1' } }, zero: { value: '0', d: { u: '0' } }, positive: { value: 'u', d: { u: '1' } } },
  },
  checks: { smooth: [{ at: { u: -2.3 } }, { at: { u: 0.4 } }], kinks: [{ at: { u: 0 } }] },
});
