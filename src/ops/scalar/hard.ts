import { formatParam } from '../../format/number';
import { unary } from '../define';
import type { ExactPiece, Params } from '../types';
import { num } from '../types';

const U = [{ at: { u: -3.7 } }, { at: { u: -0.6 } }, { at: { u: 0.4 } }, { at: { u: 3.9 } }];
const flat = (value: string): ExactPiece => ({ value, d: { u: '0' } });
const IDENTITY: ExactPiece = { value: 'u', d: { u: '1' } };
const ordered = (op: string, lo: string, hi: string) => (_x: number, p: Params) =>
  num(p, lo) <= num(p, hi) ? null : `${op} needs ${lo} ≤ ${hi}, got ${formatParam(num(p, lo))} > ${formatParam(num(p, hi))}`;

/** Hardtanh, PyTorch's F.hardtanh: u clipped to [min_val, max_val]; torch's gradient is 0 at both ends (u ≤ min_val or u ≥ max_val). */
export const hardtanh = unary({
  type: 'hardtanh',
  title: 'Hardtanh',
  group: 'Activations',
  keywords: ['clip', 'hard tanh'],
  params: [
    { name: 'min_val', kind: 'number', default: -1, label: 'min_val' },
    { name: 'max_val', kind: 'number', default: 1, label: 'max_val' },
  ],
  symbol: 'hardtanh',
  summary: (p) => `[${formatParam(num(p, 'min_val'))}, ${formatParam(num(p, 'max_val'))}]`,
  text: (u, p) => `hardtanh(${u}; ${formatParam(num(p, 'min_val'))}, ${formatParam(num(p, 'max_val'))})`,
  latex: (u) => `\\mathrm{hardtanh}(${u})`,
  f: (x, p) => Math.min(Math.max(x, num(p, 'min_val')), num(p, 'max_val')),
  d: (x, _o, p) => (x > num(p, 'min_val') && x < num(p, 'max_val') ? 1 : 0),
  rule: (p) => `hardtanh'(u) = 1 if ${formatParam(num(p, 'min_val'))} < u < ${formatParam(num(p, 'max_val'))}, else 0`,
  domain: ordered('hardtanh', 'min_val', 'max_val'),
  torch: 'F.hardtanh({u}, {min_val}, {max_val})',
  exact: {
    intervals: { breaks: ['min_val', 'max_val'], pieces: [flat('min_val'), flat('min_val'), IDENTITY, flat('max_val'), flat('max_val')] },
  },
  formula: ['hardtanh'],
  checks: {
    smooth: [...U, { at: { u: 1.5 }, params: { min_val: 0, max_val: 6 } }],
    kinks: [{ at: { u: -1 } }, { at: { u: 1 } }, { at: { u: 6 }, params: { min_val: 0, max_val: 6 } }],
    outside: [{ at: { u: 0 }, params: { min_val: 2, max_val: 1 } }],
  },
});

/** Clamp, PyTorch's torch.clamp(u, min, max): the same values as hardtanh, but torch passes the gradient at both ends (min ≤ u ≤ max). */
export const clamp = unary({
  type: 'clamp',
  title: 'Clamp',
  group: 'Activations',
  keywords: ['clip', 'clamp'],
  params: [
    { name: 'min', kind: 'number', default: 0, label: 'min' },
    { name: 'max', kind: 'number', default: 1, label: 'max' },
  ],
  symbol: 'clamp',
  summary: (p) => `[${formatParam(num(p, 'min'))}, ${formatParam(num(p, 'max'))}]`,
  text: (u, p) => `clamp(${u}; ${formatParam(num(p, 'min'))}, ${formatParam(num(p, 'max'))})`,
  latex: (u, p) => `\\mathrm{clamp}_{[${formatParam(num(p, 'min'))}, ${formatParam(num(p, 'max'))}]}(${u})`,
  f: (x, p) => Math.min(Math.max(x, num(p, 'min')), num(p, 'max')),
  d: (x, _o, p) => (x >= num(p, 'min') && x <= num(p, 'max') ? 1 : 0),
  rule: (p) => `clamp'(u) = 1 if ${formatParam(num(p, 'min'))} ≤ u ≤ ${formatParam(num(p, 'max'))}, else 0`,
  domain: ordered('clamp', 'min', 'max'),
  torch: 'torch.clamp({u}, {min}, {max})',
  exact: {
    intervals: {
      breaks: ['min', 'max'],
      pieces: [flat('min'), { value: 'min', d: { u: '1' } }, IDENTITY, { value: 'max', d: { u: '1' } }, flat('max')],
    },
  },
  formula: ['clamp'],
  checks: {
    smooth: [{ at: { u: -0.6 } }, { at: { u: 0.4 } }, { at: { u: 1.9 } }, { at: { u: -2 }, params: { min: -1.5, max: 2 } }],
    kinks: [{ at: { u: 0 } }, { at: { u: 1 } }, { at: { u: 2 }, params: { min: -1.5, max: 2 } }],
    outside: [{ at: { u: 0 }, params: { min: 2, max: 1 } }],
  },
});

/** Hardsigmoid, PyTorch's F.hardsigmoid: clip(u/6 + ½, 0, 1); torch's gradient is 0 at u = ±3. */
export const hardsigmoid = unary({
  type: 'hardsigmoid',
  title: 'Hardsigmoid',
  group: 'Activations',
  keywords: ['hard sigmoid', 'relu6(x+3)/6'],
  symbol: 'hsig',
  text: (u) => `hardsigmoid(${u})`,
  latex: (u) => `\\mathrm{hardsigmoid}(${u})`,
  f: (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5),
  d: (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
  rule: "hardsigmoid'(u) = 1/6 if −3 < u < 3, else 0",
  torch: 'F.hardsigmoid({u})',
  exact: {
    intervals: { breaks: ['-3', '3'], pieces: [flat('0'), flat('0'), { value: 'u / 6 + 1 / 2', d: { u: '1 / 6' } }, flat('1'), flat('1')] },
  },
  formula: ['hardsigmoid'],
  // torch's backward multiplies by 1/6 rounded to float32 (1.0f / 6.0f) even in float64: off by 3e-8 relative.
  checks: { smooth: U, kinks: [{ at: { u: -3 } }, { at: { u: 3 } }], torchTol: 1e-7 },
});

/**
 * Hardswish, PyTorch's F.hardswish: u·clip(u/6 + ½, 0, 1). At the joins torch's backward takes the
 * middle piece's slope u/3 + ½: −½ at u = −3 and 3/2 at u = 3 (neither one-sided derivative at −3).
 */
export const hardswish = unary({
  type: 'hardswish',
  title: 'Hardswish',
  group: 'Activations',
  keywords: ['hard swish', 'mobilenet', 'x·relu6(x+3)/6'],
  symbol: 'hswish',
  text: (u) => `hardswish(${u})`,
  latex: (u) => `\\mathrm{hardswish}(${u})`,
  f: (x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6),
  d: (x) => (x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : 1),
  rule: "hardswish'(u) = 0 if u < −3, u/3 + ½ if −3 ≤ u ≤ 3, else 1",
  torch: 'F.hardswish({u})',
  exact: {
    intervals: {
      breaks: ['-3', '3'],
      pieces: [
        flat('0'),
        { value: '0', d: { u: '-1 / 2' } },
        { value: 'u * (u + 3) / 6', d: { u: 'u / 3 + 1 / 2' } },
        { value: '3', d: { u: '3 / 2' } },
        IDENTITY,
      ],
    },
  },
  formula: ['hardswish'],
  checks: { smooth: U, kinks: [{ at: { u: -3 } }, { at: { u: 3 } }] },
});
