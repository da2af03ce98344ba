import { unary } from '../define';
import { erf } from './erf';

const U = [{ at: { u: -2.3 } }, { at: { u: -0.6 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }];

/** The standard normal density φ(x) and distribution Φ(x). */
const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

/**
 * GELU, x·Φ(x), PyTorch's F.gelu (approximate='none'). mathjs evaluates erf but cannot
 * differentiate it, so the exact form states its derivative; graphs through it have exact values
 * and local derivatives but no analytic gradient.
 */
export const gelu = unary({
  type: 'gelu',
  title: 'GELU',
  group: 'Activations',
  keywords: ['gaussian error linear unit', 'x·Φ(x)', 'erf'],
  symbol: 'gelu',
  text: (u) => `gelu(${u})`,
  latex: (u) => `\\mathrm{GELU}(${u})`,
  f: (x) => x * Phi(x),
  d: (x) => Phi(x) + x * phi(x),
  rule: "gelu'(u) = Φ(u) + u·φ(u), Φ and φ the standard normal distribution and density",
  torch: 'F.gelu({u})',
  exact: { form: 'u / 2 * (1 + erf(u / sqrt(2)))', d: { u: '(1 + erf(u / sqrt(2))) / 2 + u * exp(-u ^ 2 / 2) / sqrt(2 * pi)' } },
  formula: ['gelu'],
  checks: { smooth: U, kinks: [{ at: { u: 0 } }] },
});

/** √(2/π) and the cubic coefficient of the tanh approximation (Hendrycks & Gimpel; PyTorch's constants). */
const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/** GELU's tanh approximation, PyTorch's F.gelu(x, approximate='tanh'): ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export const geluTanh = unary({
  type: 'geluTanh',
  title: 'GELU (tanh approximation)',
  group: 'Activations',
  keywords: ['gelu', 'approximate', 'gpt'],
  symbol: 'gelu~',
  text: (u) => `gelu_tanh(${u})`,
  latex: (u) => `\\mathrm{GELU}_{\\tanh}(${u})`,
  f: (x) => 0.5 * x * (1 + Math.tanh(K * (x + A * x ** 3))),
  d: (x) => {
    const t = Math.tanh(K * (x + A * x ** 3));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * A * x * x);
  },
  rule: "gelu_tanh'(u) = ½(1 + t) + ½u(1 − t²)·√(2/π)(1 + 3·0.044715u²), t = tanh(√(2/π)(u + 0.044715u³))",
  torch: "F.gelu({u}, approximate='tanh')",
  exact: { form: 'u / 2 * (1 + tanh(sqrt(2 / pi) * (u + 0.044715 * u ^ 3)))' },
  formula: ['gelu_tanh'],
  checks: { smooth: U, kinks: [{ at: { u: 0 } }] },
});
