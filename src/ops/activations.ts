import { formatParam } from '../format/number';
import { unary } from './define';
import { num } from './types';

/** relu'(0) = 0, the exams' convention and PyTorch's. */
export const relu = unary({
  type: 'relu', title: 'ReLU', group: 'Activations', keywords: ['rectifier', 'max(0,x)'],
  symbol: 'relu', text: (u) => `relu(${u})`, latex: (u) => `\\mathrm{ReLU}(${u})`,
  f: (x) => (x > 0 ? x : 0), d: (x) => (x > 0 ? 1 : 0),
  rule: "relu'(u) = 1 if u > 0, else 0",
});

/** leaky'(x) = c for x <= 0, as the exams write it. */
export const leakyRelu = unary({
  type: 'leakyRelu', title: 'Leaky ReLU', group: 'Activations', keywords: ['leaky'],
  params: [{ name: 'c', kind: 'number', default: 0.01, label: 'negative slope c' }],
  symbol: 'leaky', summary: (p) => `c=${formatParam(num(p, 'c'))}`,
  text: (u, p) => `leaky_relu(${u}; ${formatParam(num(p, 'c'))})`, latex: (u) => `\\mathrm{LeakyReLU}(${u})`,
  f: (x, p) => (x > 0 ? x : num(p, 'c') * x), d: (x, _o, p) => (x > 0 ? 1 : num(p, 'c')),
  rule: (p) => `leaky'(u) = 1 if u > 0, else ${formatParam(num(p, 'c'))}`,
});

export const sigmoid = unary({
  type: 'sigmoid', title: 'Sigmoid', group: 'Activations', keywords: ['logistic', 'σ'],
  symbol: 'σ', text: (u) => `sigmoid(${u})`, latex: (u) => `\\sigma(${u})`,
  f: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  d: (_x, out) => out * (1 - out),
  rule: 'd/du σ(u) = σ(u)(1 − σ(u))',
});

export const tanh = unary({
  type: 'tanh', title: 'Tanh', group: 'Activations', keywords: ['hyperbolic tangent'],
  symbol: 'tanh', text: (u) => `tanh(${u})`, latex: (u) => `\\tanh(${u})`,
  f: Math.tanh, d: (_x, out) => 1 - out * out,
  rule: 'd/du tanh u = 1 − tanh² u',
});
