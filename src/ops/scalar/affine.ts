import { formatParam } from '../../format/number';
import { cParam, unary, wrap } from '../define';
import { num } from '../types';

const U = [{ at: { u: -2.3 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }];

export const neg = unary({
  type: 'neg',
  title: 'Negate',
  symbol: '−x',
  keywords: ['minus', 'negative'],
  text: (u) => `-${wrap(u)}`,
  latex: (u) => `-${u}`,
  f: (x) => -x,
  d: () => -1,
  rule: 'd/du (−u) = −1',
  torch: '-{u}',
  exact: { form: '-u' },
  checks: { smooth: U },
});

export const scale = unary({
  type: 'scale',
  title: 'Multiply by constant',
  keywords: ['times constant', 'scale', 'cx'],
  params: [cParam(2)],
  symbol: (p) => `×${formatParam(num(p, 'c'))}`,
  text: (u, p) => `${wrap(formatParam(num(p, 'c')))} * ${wrap(u)}`,
  latex: (u, p) => `${formatParam(num(p, 'c'))} \\cdot ${u}`,
  f: (x, p) => num(p, 'c') * x,
  d: (_x, _o, p) => num(p, 'c'),
  rule: (p) => `d/du (${formatParam(num(p, 'c'))}u) = ${formatParam(num(p, 'c'))}`,
  torch: '{c} * {u}',
  exact: { form: 'c * u' },
  checks: { smooth: [...U, { at: { u: 0.7 }, params: { c: -1.5 } }] },
});

export const addConst = unary({
  type: 'addConst',
  title: 'Add constant',
  keywords: ['plus constant', 'offset', 'x+c'],
  params: [cParam(1)],
  symbol: (p) => `+${formatParam(num(p, 'c'))}`,
  text: (u, p) => `${u} + ${wrap(formatParam(num(p, 'c')))}`,
  latex: (u, p) => `${u} + ${formatParam(num(p, 'c'))}`,
  f: (x, p) => x + num(p, 'c'),
  d: () => 1,
  rule: (p) => `d/du (u + ${formatParam(num(p, 'c'))}) = 1`,
  torch: '{u} + {c}',
  exact: { form: 'u + c' },
  checks: { smooth: [...U, { at: { u: -0.7 }, params: { c: 0.25 } }] },
});
