import { formatParam } from '../../format/number';
import { unary } from '../define';
import { num } from '../types';

const U = [{ at: { u: -2.3 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }];
const IDENTITY = { value: 'u', d: { u: '1' } };

/**
 * relu'(0) = 0, the exams' convention and PyTorch's. The derivative is the comparison as a number,
 * not a branch: a network's ReLU inputs change sign at random, and a branch mispredicted half the
 * time doubled the cost of the backward pass's mask (same 1 and 0, so the same bits).
 */
export const relu = unary({
  type: 'relu',
  title: 'ReLU',
  group: 'Activations',
  keywords: ['rectifier', 'max(0,x)'],
  symbol: 'relu',
  text: (u) => `relu(${u})`,
  latex: (u) => `\\mathrm{ReLU}(${u})`,
  f: (x) => (x > 0 ? x : 0),
  d: (x) => +(x > 0),
  rule: "relu'(u) = 1 if u > 0, else 0",
  torch: 'torch.relu({u})',
  formula: ['relu'],
  exact: { pieces: { negative: { value: '0', d: { u: '0' } }, zero: { value: '0', d: { u: '0' } }, positive: IDENTITY } },
  checks: { smooth: U, kinks: [{ at: { u: 0 } }] },
});

const LEAK = { value: 'c * u', d: { u: 'c' } };

/** leaky'(x) = c for x <= 0, as the exams write it. */
export const leakyRelu = unary({
  type: 'leakyRelu',
  title: 'Leaky ReLU',
  group: 'Activations',
  keywords: ['leaky'],
  params: [{ name: 'c', kind: 'number', default: 0.01, label: 'negative slope c' }],
  symbol: 'leaky',
  summary: (p) => `c=${formatParam(num(p, 'c'))}`,
  text: (u, p) => `leaky_relu(${u}; ${formatParam(num(p, 'c'))})`,
  latex: (u) => `\\mathrm{LeakyReLU}(${u})`,
  f: (x, p) => (x > 0 ? x : num(p, 'c') * x),
  d: (x, _o, p) => (x > 0 ? 1 : num(p, 'c')),
  rule: (p) => `leaky'(u) = 1 if u > 0, else ${formatParam(num(p, 'c'))}`,
  torch: 'F.leaky_relu({u}, {c})',
  exact: { pieces: { negative: LEAK, zero: LEAK, positive: IDENTITY } },
  checks: { smooth: [...U, { at: { u: -0.7 }, params: { c: 0.1 } }], kinks: [{ at: { u: 0 } }, { at: { u: 0 }, params: { c: 0.1 } }] },
});
