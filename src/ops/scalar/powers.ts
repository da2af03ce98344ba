import { formatParam } from '../../format/number';
import { cParam, unary, wrap } from '../define';
import { num } from '../types';

const POSITIVE = [{ at: { u: 0.4 } }, { at: { u: 1.3 } }, { at: { u: 2.9 } }];

export const pow = unary({
  type: 'pow',
  title: 'Power x^c',
  keywords: ['power', 'exponent', 'x^c'],
  params: [cParam(2, 'exponent c')],
  symbol: (p) => `x^${formatParam(num(p, 'c'))}`,
  text: (u, p) => `${wrap(u)}^${wrap(formatParam(num(p, 'c')))}`,
  latex: (u, p) => `{${u}}^{${formatParam(num(p, 'c'))}}`,
  f: (x, p) => x ** num(p, 'c'),
  d: (x, _o, p) => {
    const c = num(p, 'c');
    return c === 0 ? 0 : c * x ** (c - 1);
  },
  rule: (p) => {
    const c = num(p, 'c');
    return `d/du u^${formatParam(c)} = ${formatParam(c)}·u^${formatParam(c - 1)}`;
  },
  domain: (x, p) => {
    const c = num(p, 'c');
    if (x === 0 && c < 0) return `0 raised to a negative power (${formatParam(c)}): division by zero`;
    if (x < 0 && !Number.isInteger(c)) return `a negative number (${x}) raised to a non-integer power (${formatParam(c)})`;
    return null;
  },
  torch: 'torch.pow({u}, {c})',
  exact: { form: 'u ^ c' },
  checks: {
    smooth: [
      { at: { u: -2.3 } },
      { at: { u: 1.3 } },
      { at: { u: -0.7 }, params: { c: 3 } },
      { at: { u: 2.9 }, params: { c: 0.5 } },
      { at: { u: 0.4 }, params: { c: -1 } },
    ],
    outside: [
      { at: { u: -8 }, params: { c: 0.5 } },
      { at: { u: 0 }, params: { c: -1 } },
    ],
  },
});

export const square = unary({
  type: 'square',
  title: 'Square x²',
  keywords: ['x^2', 'squared'],
  symbol: 'x²',
  text: (u) => `${wrap(u)}^2`,
  latex: (u) => `{${u}}^2`,
  f: (x) => x * x,
  d: (x) => 2 * x,
  rule: 'd/du u² = 2u',
  torch: 'torch.square({u})',
  exact: { form: 'u ^ 2' },
  checks: { smooth: [{ at: { u: -2.3 } }, ...POSITIVE] },
});

export const sqrt = unary({
  type: 'sqrt',
  title: 'Square root',
  keywords: ['root'],
  symbol: '√',
  text: (u) => `sqrt(${u})`,
  latex: (u) => `\\sqrt{${u}}`,
  f: Math.sqrt,
  d: (_x, out) => 0.5 / out,
  rule: 'd/du √u = 1/(2√u)',
  domain: (x) => (x < 0 ? `square root of a negative number: ${x}` : null),
  torch: 'torch.sqrt({u})',
  exact: { form: 'sqrt(u)' },
  formula: ['sqrt'],
  checks: { smooth: POSITIVE, outside: [{ at: { u: -4 } }] },
});

export const reciprocal = unary({
  type: 'reciprocal',
  title: 'Reciprocal 1/x',
  keywords: ['inverse', '1/x'],
  symbol: '1/x',
  text: (u) => `1 / ${wrap(u)}`,
  latex: (u) => `\\frac{1}{${u}}`,
  f: (x) => 1 / x,
  d: (x) => -1 / (x * x),
  rule: 'd/du (1/u) = −1/u²',
  domain: (x) => (x === 0 ? 'division by zero: 1/0' : null),
  torch: 'torch.reciprocal({u})',
  exact: { form: '1 / u' },
  checks: { smooth: [{ at: { u: -2.3 } }, ...POSITIVE], outside: [{ at: { u: 0 } }] },
});
