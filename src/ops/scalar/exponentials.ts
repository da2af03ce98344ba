import { formatParam } from '../../format/number';
import { cParam, unary, wrap } from '../define';
import { num } from '../types';

const U = [{ at: { u: -2.3 } }, { at: { u: 0.4 } }, { at: { u: 1.3 } }];

export const expBase = unary({
  type: 'expBase',
  title: 'Exponential c^x',
  keywords: ['2^x', 'base', 'power of two', 'exponential'],
  params: [cParam(2, 'base c')],
  symbol: (p) => `${formatParam(num(p, 'c'))}^x`,
  text: (u, p) => `${formatParam(num(p, 'c'))}^${wrap(u)}`,
  latex: (u, p) => `${formatParam(num(p, 'c'))}^{${u}}`,
  f: (x, p) => num(p, 'c') ** x,
  d: (_x, out, p) => out * Math.log(num(p, 'c')),
  rule: (p) => {
    const c = formatParam(num(p, 'c'));
    return `d/du ${c}^u = ${c}^u ln ${c}`;
  },
  domain: (_x, p) => (num(p, 'c') <= 0 ? `the base of c^x must be positive, got ${formatParam(num(p, 'c'))}` : null),
  torch: 'torch.pow({c}, {u})',
  exact: { form: 'c ^ u' },
  checks: {
    smooth: [...U, { at: { u: -0.7 }, params: { c: 3 } }, { at: { u: 2.9 }, params: { c: 0.5 } }],
    outside: [
      { at: { u: 1 }, params: { c: -2 } },
      { at: { u: 1 }, params: { c: 0 } },
    ],
  },
});

export const exp = unary({
  type: 'exp',
  title: 'Exponential e^x',
  keywords: ['e^x', 'exponential'],
  symbol: 'exp',
  text: (u) => `exp(${u})`,
  latex: (u) => `e^{${u}}`,
  f: Math.exp,
  d: (_x, out) => out,
  rule: 'd/du e^u = e^u',
  torch: 'torch.exp({u})',
  exact: { form: 'exp(u)' },
  formula: ['exp'],
  checks: { smooth: U },
});

export const log = unary({
  type: 'log',
  title: 'Natural log',
  keywords: ['ln', 'logarithm'],
  symbol: 'ln',
  text: (u) => `ln(${u})`,
  latex: (u) => `\\ln(${u})`,
  f: Math.log,
  d: (x) => 1 / x,
  rule: 'd/du ln u = 1/u',
  domain: (x) => (x <= 0 ? `log of a non-positive number: ${x}` : null),
  torch: 'torch.log({u})',
  exact: { form: 'log(u)' },
  formula: ['log', 'ln'],
  checks: { smooth: [{ at: { u: 0.4 } }, { at: { u: 1.3 } }, { at: { u: 2.9 } }], outside: [{ at: { u: -2 } }, { at: { u: 0 } }] },
});
