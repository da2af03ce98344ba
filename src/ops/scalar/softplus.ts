import { formatParam } from '../../format/number';
import { unary } from '../define';
import { num } from '../types';

const SMOOTH = { value: 'log(1 + exp(beta * u)) / beta', d: { u: '1 / (1 + exp(-beta * u))' } };
const IDENTITY = { value: 'u', d: { u: '1' } };

/**
 * Softplus, PyTorch's F.softplus(u, beta, threshold): log(1 + e^{βu})/β, and u itself where
 * βu > threshold (torch's switch to the linear piece for numerical stability, kept so the two agree
 * there exactly). β must be positive here; torch accepts any β.
 */
export const softplus = unary({
  type: 'softplus',
  title: 'Softplus',
  group: 'Activations',
  keywords: ['smooth relu', 'log(1+e^x)'],
  params: [
    { name: 'beta', kind: 'number', default: 1, label: 'β (sharpness)' },
    { name: 'threshold', kind: 'number', default: 20, label: 'linear above βu > threshold' },
  ],
  symbol: 'softplus',
  summary: (p) => `β=${formatParam(num(p, 'beta'))}, thr=${formatParam(num(p, 'threshold'))}`,
  text: (u, p) => `softplus(${u}; β=${formatParam(num(p, 'beta'))})`,
  latex: (u) => `\\mathrm{softplus}(${u})`,
  f: (x, p) => {
    const bx = num(p, 'beta') * x;
    return bx > num(p, 'threshold') ? x : (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / num(p, 'beta');
  },
  d: (x, _o, p) => {
    const bx = num(p, 'beta') * x;
    return bx > num(p, 'threshold') ? 1 : 1 / (1 + Math.exp(-bx));
  },
  rule: (p) => `softplus'(u) = σ(βu), or 1 where βu > ${formatParam(num(p, 'threshold'))}`,
  domain: (_x, p) => (num(p, 'beta') > 0 ? null : `softplus needs β > 0, got ${formatParam(num(p, 'beta'))}`),
  torch: 'F.softplus({u}, {beta}, {threshold})',
  exact: { intervals: { breaks: ['threshold / beta'], pieces: [SMOOTH, SMOOTH, IDENTITY] } },
  formula: ['softplus'],
  checks: {
    smooth: [{ at: { u: -2.3 } }, { at: { u: 0.4 } }, { at: { u: 2.9 } }, { at: { u: 0.7 }, params: { beta: 2, threshold: 1 } }],
    // At the threshold torch keeps the smooth piece (βu > threshold is strict).
    kinks: [{ at: { u: 0.5 }, params: { beta: 2, threshold: 1 } }, { at: { u: 20 } }],
    outside: [{ at: { u: 1 }, params: { beta: 0 } }],
  },
});
