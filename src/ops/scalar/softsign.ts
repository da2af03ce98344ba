import { unary } from '../define';

/** A squashing like tanh with polynomial tails: u / (1 + |u|). */
export const softsign = unary({
  type: 'softsign',
  title: 'Softsign',
  group: 'Activations',
  keywords: ['x/(1+|x|)', 'squash'],
  symbol: 'softsign',
  text: (u) => `softsign(${u})`,
  latex: (u) => `\\mathrm{softsign}(${u})`,
  f: (x) => x / (1 + Math.abs(x)),
  d: (x) => 1 / (1 + Math.abs(x)) ** 2,
  rule: 'd/du softsign(u) = 1/(1 + |u|)²',
  torch: 'F.softsign({u})',
  exact: { form: 'u / (1 + abs(u))' },
  formula: ['softsign'],
  // 0 is smooth for softsign, but mathjs differentiates |u| as u/|u|, undefined there: torch checks it.
  checks: { smooth: [{ at: { u: -2.3 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }], kinks: [{ at: { u: 0 } }] },
});
