import { unary } from '../define';

const U = [{ at: { u: -2.3 } }, { at: { u: 0 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }];

export const sigmoid = unary({
  type: 'sigmoid',
  title: 'Sigmoid',
  group: 'Activations',
  keywords: ['logistic', 'σ'],
  symbol: 'σ',
  text: (u) => `sigmoid(${u})`,
  latex: (u) => `\\sigma(${u})`,
  f: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  d: (_x, out) => out * (1 - out),
  rule: 'd/du σ(u) = σ(u)(1 − σ(u))',
  torch: 'torch.sigmoid({u})',
  exact: { form: '1 / (1 + exp(-u))' },
  formula: ['sigmoid'],
  checks: { smooth: U },
});

export const tanh = unary({
  type: 'tanh',
  title: 'Tanh',
  group: 'Activations',
  keywords: ['hyperbolic tangent'],
  symbol: 'tanh',
  text: (u) => `tanh(${u})`,
  latex: (u) => `\\tanh(${u})`,
  f: Math.tanh,
  d: (_x, out) => 1 - out * out,
  rule: 'd/du tanh u = 1 − tanh² u',
  torch: 'torch.tanh({u})',
  exact: { form: 'tanh(u)' },
  formula: ['tanh'],
  checks: { smooth: U },
});
