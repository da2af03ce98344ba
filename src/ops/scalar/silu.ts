import { unary } from '../define';

const U = [{ at: { u: -2.3 } }, { at: { u: -0.6 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** log(1 + eˣ) without overflow for large x. */
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** SiLU (swish with β = 1), PyTorch's F.silu: u·σ(u). */
export const silu = unary({
  type: 'silu',
  title: 'SiLU (swish)',
  group: 'Activations',
  keywords: ['swish', 'sigmoid linear unit', 'x·sigmoid(x)'],
  symbol: 'silu',
  text: (u) => `silu(${u})`,
  latex: (u) => `\\mathrm{SiLU}(${u})`,
  f: (x) => x * sigmoid(x),
  d: (x) => sigmoid(x) * (1 + x * (1 - sigmoid(x))),
  rule: "silu'(u) = σ(u)(1 + u(1 − σ(u)))",
  torch: 'F.silu({u})',
  exact: { form: 'u / (1 + exp(-u))' },
  // Not 'swish' too: that is the name the exams give a function people define themselves (swish(u) = u * sigmoid(u)).
  formula: ['silu'],
  checks: { smooth: U, kinks: [{ at: { u: 0 } }] },
});

/** Mish, PyTorch's F.mish: u·tanh(softplus(u)). */
export const mish = unary({
  type: 'mish',
  title: 'Mish',
  group: 'Activations',
  keywords: ['x·tanh(softplus(x))'],
  symbol: 'mish',
  text: (u) => `mish(${u})`,
  latex: (u) => `\\mathrm{Mish}(${u})`,
  f: (x) => x * Math.tanh(softplus(x)),
  d: (x) => {
    const t = Math.tanh(softplus(x));
    return t + x * (1 - t * t) * sigmoid(x);
  },
  rule: "mish'(u) = t + u(1 − t²)σ(u), t = tanh(softplus(u))",
  torch: 'F.mish({u})',
  exact: { form: 'u * tanh(log(1 + exp(u)))' },
  formula: ['mish'],
  checks: { smooth: U, kinks: [{ at: { u: 0 } }] },
});
