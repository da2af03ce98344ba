import { formatParam } from '../../format/number';
import { unary } from '../define';
import { num } from '../types';

const U = [{ at: { u: -2.3 } }, { at: { u: -0.6 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }];
const IDENTITY = { value: 'u', d: { u: '1' } };

/** ELU, PyTorch's F.elu: u for u > 0, α(eᵘ − 1) otherwise; at 0 the derivative is α, as torch's backward takes it. */
export const elu = unary({
  type: 'elu',
  title: 'ELU',
  group: 'Activations',
  keywords: ['exponential linear unit'],
  params: [{ name: 'alpha', kind: 'number', default: 1, label: 'α (value approached as u → −∞ is −α)' }],
  symbol: 'elu',
  summary: (p) => `α=${formatParam(num(p, 'alpha'))}`,
  text: (u, p) => `elu(${u}; ${formatParam(num(p, 'alpha'))})`,
  latex: (u) => `\\mathrm{ELU}(${u})`,
  f: (x, p) => (x > 0 ? x : num(p, 'alpha') * Math.expm1(x)),
  d: (x, _o, p) => (x > 0 ? 1 : num(p, 'alpha') * Math.exp(x)),
  rule: (p) => `elu'(u) = 1 if u > 0, else ${formatParam(num(p, 'alpha'))}·eᵘ`,
  torch: 'F.elu({u}, {alpha})',
  exact: {
    pieces: {
      negative: { value: 'alpha * (exp(u) - 1)', d: { u: 'alpha * exp(u)' } },
      zero: { value: '0', d: { u: 'alpha' } },
      positive: IDENTITY,
    },
  },
  formula: ['elu'],
  checks: {
    smooth: [...U, { at: { u: -1.1 }, params: { alpha: 0.5 } }],
    kinks: [{ at: { u: 0 } }, { at: { u: 0 }, params: { alpha: 0.5 } }],
  },
});

/** SELU's constants (Klambauer et al. 2017), to the digits PyTorch uses. */
const ALPHA = 1.6732632423543772;
const SCALE = 1.0507009873554805;

/** SELU, PyTorch's F.selu: λ·u for u > 0, λα(eᵘ − 1) otherwise, λ ≈ 1.0507, α ≈ 1.6733; at 0 the derivative is λα. */
export const selu = unary({
  type: 'selu',
  title: 'SELU',
  group: 'Activations',
  keywords: ['scaled exponential linear unit', 'self-normalizing'],
  symbol: 'selu',
  text: (u) => `selu(${u})`,
  latex: (u) => `\\mathrm{SELU}(${u})`,
  f: (x) => SCALE * (x > 0 ? x : ALPHA * Math.expm1(x)),
  d: (x) => SCALE * (x > 0 ? 1 : ALPHA * Math.exp(x)),
  rule: "selu'(u) = λ if u > 0, else λα·eᵘ (λ ≈ 1.0507, α ≈ 1.6733)",
  torch: 'F.selu({u})',
  exact: {
    pieces: {
      negative: { value: `${SCALE * ALPHA} * (exp(u) - 1)`, d: { u: `${SCALE * ALPHA} * exp(u)` } },
      zero: { value: '0', d: { u: `${SCALE * ALPHA}` } },
      positive: { value: `${SCALE} * u`, d: { u: `${SCALE}` } },
    },
  },
  formula: ['selu'],
  checks: { smooth: U, kinks: [{ at: { u: 0 } }] },
});
