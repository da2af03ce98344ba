import { unary } from '../define';

const U = [{ at: { u: -2.3 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }];

export const sin = unary({
  type: 'sin',
  title: 'Sine',
  symbol: 'sin',
  text: (u) => `sin(${u})`,
  latex: (u) => `\\sin(${u})`,
  f: Math.sin,
  d: (x) => Math.cos(x),
  rule: 'd/du sin u = cos u',
  torch: 'torch.sin({u})',
  exact: { form: 'sin(u)' },
  formula: ['sin'],
  checks: { smooth: U },
});

export const cos = unary({
  type: 'cos',
  title: 'Cosine',
  symbol: 'cos',
  text: (u) => `cos(${u})`,
  latex: (u) => `\\cos(${u})`,
  f: Math.cos,
  d: (x) => -Math.sin(x),
  rule: 'd/du cos u = −sin u',
  torch: 'torch.cos({u})',
  exact: { form: 'cos(u)' },
  formula: ['cos'],
  checks: { smooth: U },
});
