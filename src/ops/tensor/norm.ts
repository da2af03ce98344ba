import { formatShape } from '../../format/shape';
import { sameShape, sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type Params, type TensorOp, type TorchForm } from '../types';

type Kind = 'batch' | 'layer' | 'instance';

/** Which elements share statistics, and which gamma/beta entry scales each element. */
interface Layout {
  readonly groups: number;
  readonly group: (i: number) => number;
  readonly affine: Shape;
  readonly slot: (i: number) => number;
  readonly per: string;
}

const OVER: Record<Kind, string> = { batch: 'N, H, W per channel', layer: 'C, H, W per sample', instance: 'H, W per sample and channel' };

/** The grouping for an N×C×H×W (or N×C) input; element i sits at ((n·C + c)·S + s), S = H·W. */
function layout(kind: Kind, x: Shape): Layout {
  if (x.length !== 4 && (x.length !== 2 || kind === 'instance')) {
    const hint =
      x.length === 3
        ? `; add a batch dimension (reshape to 1×${formatShape(x)})`
        : x.length === 2
          ? '; with N×C input every group would hold a single value'
          : '';
    throw new OpError(`${kind}Norm expects N×C×H×W${kind === 'instance' ? '' : ' or N×C'} input, got ${formatShape(x)}${hint}`);
  }
  const [N, C] = x;
  const S = sizeOf(x.slice(2));
  const channel = (i: number) => Math.floor(i / S) % C;
  if (kind === 'batch') return { groups: C, group: channel, affine: [C], slot: channel, per: 'one per channel' };
  if (kind === 'instance') return { groups: N * C, group: (i) => Math.floor(i / S), affine: [C], slot: channel, per: 'one per channel' };
  // PyTorch's LayerNorm(normalized_shape = C×H×W) has an elementwise affine over a sample.
  return { groups: N, group: (i) => Math.floor(i / (C * S)), affine: x.slice(1), slot: (i) => i % (C * S), per: 'the shape of one sample' };
}

/** x̂ = (x − μ_g) / √(σ²_g + eps) with biased (training-mode) variance, and 1/√(σ²_g + eps) per group. */
function normalise(kind: Kind, x: Tensor, p: Params) {
  const L = layout(kind, x.shape);
  const eps = num(p, 'eps');
  if (!(eps >= 0)) throw new OpError(`${kind}Norm eps must be ≥ 0, got ${eps}`, 'param');
  const count = x.data.length / L.groups;
  const mu = new Float64Array(L.groups);
  const inv = new Float64Array(L.groups);
  x.data.forEach((v, i) => (mu[L.group(i)] += v));
  mu.forEach((v, g) => (mu[g] = v / count));
  x.data.forEach((v, i) => (inv[L.group(i)] += (v - mu[L.group(i)]) ** 2));
  inv.forEach((v, g) => {
    const variance = v / count;
    // A constant group's variance is 0 up to rounding in the mean, far below 1e-13 of its size.
    if (eps === 0 && variance <= (1e-13 * mu[g]) ** 2) {
      throw new OpError(
        `${kind}Norm: a group of constant values has variance 0 and eps is 0, so it cannot be normalised; set eps > 0`,
        'domain',
      );
    }
    inv[g] = 1 / Math.sqrt(variance + eps);
  });
  const xhat = x.data.map((v, i) => (v - mu[L.group(i)]) * inv[L.group(i)]);
  return { L, xhat, inv, count };
}

function normOp(kind: Kind, title: string, keywords: string[]): TensorOp {
  const type = `${kind}Norm`;
  const checked = (x: Shape, gamma: Shape | undefined, beta: Shape | undefined): Layout => {
    const L = layout(kind, x);
    for (const [name, s] of [
      ['gamma', gamma],
      ['beta', beta],
    ] as const) {
      if (s && !sameShape(s, L.affine)) {
        throw new OpError(
          `${type} ${name} must have shape ${formatShape(L.affine)} (${L.per}) for input ${formatShape(x)}, got ${formatShape(s)}`,
        );
      }
    }
    return L;
  };
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title,
    keywords,
    inputs: [{ name: 'x' }, { name: 'gamma', param: true }, { name: 'beta', param: true }],
    params: [
      { name: 'eps', kind: 'number', default: 1e-5, label: 'eps (added to the variance)', min: 0 },
      { name: 'affine', kind: 'bool', default: false, label: 'learn a scale γ and shift β' },
    ],
    symbol: () => ({ batch: 'BN', layer: 'LN', instance: 'IN' })[kind],
    summary: (p) => `ε=${num(p, 'eps')}${p.affine === true ? ', affine' : ''}`,
    text: ([x, g, b]) => (g && b ? `${g} * ${type}(${x}) + ${b}` : `${type}(${x})`),
    latex: ([x, g, b]) => (g && b ? `${g} \\odot \\mathrm{${type}}(${x}) + ${b}` : `\\mathrm{${type}}(${x})`),
    torch: TORCH[kind],
    rule: () => ({
      x: `∂L/∂x = (1/σ)(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), ĝ = γ·∂L/∂y, means over ${OVER[kind]}`,
      gamma: '∂L/∂γ = Σ ∂L/∂y · x̂',
      beta: '∂L/∂β = Σ ∂L/∂y',
    }),
    shape: (ins) => {
      const { gamma, beta }: Partial<Record<string, Shape>> = ins;
      checked(ins.x, gamma, beta);
      return ins.x;
    },
    implicit: (port, { x }, p) => {
      if (p.affine !== true || !x) return null;
      const shape = layout(kind, x).affine;
      return port === 'gamma' ? { shape, init: 'constant', scale: 1 } : { shape, init: 'zeros' };
    },
    forward: (ins, p) => {
      const { x } = ins;
      const { gamma, beta }: Partial<Record<string, Tensor>> = ins;
      checked(x.shape, gamma?.shape, beta?.shape);
      const { L, xhat } = normalise(kind, x, p);
      const data = xhat.map((v, i) => (gamma ? gamma.data[L.slot(i)] : 1) * v + (beta ? beta.data[L.slot(i)] : 0));
      return { shape: [...x.shape], data };
    },
    backward: (ins, _out, g, p) => {
      const { x } = ins;
      const { gamma, beta }: Partial<Record<string, Tensor>> = ins;
      const { L, xhat, inv, count } = normalise(kind, x, p);
      const gh = g.data.map((v, i) => (gamma ? gamma.data[L.slot(i)] : 1) * v);
      const a = new Float64Array(L.groups);
      const b = new Float64Array(L.groups);
      gh.forEach((v, i) => {
        a[L.group(i)] += v / count;
        b[L.group(i)] += (v * xhat[i]) / count;
      });
      const res: Record<string, Tensor> = {
        x: { shape: [...x.shape], data: gh.map((v, i) => inv[L.group(i)] * (v - a[L.group(i)] - xhat[i] * b[L.group(i)])) },
      };
      const dg = new Float64Array(sizeOf(L.affine));
      const db = new Float64Array(sizeOf(L.affine));
      g.data.forEach((v, i) => {
        dg[L.slot(i)] += v * xhat[i];
        db[L.slot(i)] += v;
      });
      if (gamma) res.gamma = { shape: [...L.affine], data: dg };
      if (beta) res.beta = { shape: [...L.affine], data: db };
      return res;
    },
    // mean, variance and normalise: one accumulate or multiply each per element; the affine adds one more.
    cost: (ins) => {
      const { gamma, beta }: Partial<Record<string, Shape>> = ins;
      return { params: (gamma ? sizeOf(gamma) : 0) + (beta ? sizeOf(beta) : 0), macs: sizeOf(ins.x) * (gamma || beta ? 4 : 3) };
    },
  };
}

/** In training mode (batch statistics, biased variance); gamma and beta are passed exactly when the node has them. */
const TORCH: Readonly<Record<Kind, TorchForm>> = {
  batch: ({ args: { x, gamma, beta }, params }, py) =>
    `F.batch_norm(${x}, None, None, ${gamma ?? 'None'}, ${beta ?? 'None'}, training=True, eps=${py.float(num(params, 'eps'))})`,
  layer: ({ args: { x, gamma, beta }, params, shapes }, py) =>
    `F.layer_norm(${x}, ${py.ints(shapes.x.slice(1))}, ${gamma ?? 'None'}, ${beta ?? 'None'}, eps=${py.float(num(params, 'eps'))})`,
  instance: ({ args: { x, gamma, beta }, params }, py) =>
    `F.instance_norm(${x}, weight=${gamma ?? 'None'}, bias=${beta ?? 'None'}, eps=${py.float(num(params, 'eps'))})`,
};

/**
 * Training-mode normalisation of N×C×H×W (or N×C) input. gamma and beta are optional parameter
 * ports: used whenever present; left unconnected they exist (γ = 1, β = 0, owned by the node) only
 * when `affine` is on, and otherwise the op is the bare normalisation.
 */
export const batchNorm = normOp('batch', 'Batch norm', ['batchnorm', 'BN', 'normalization']);

/** Layer norm: statistics over C, H, W per sample; gamma and beta as for batchNorm, shaped C×H×W. */
export const layerNorm = normOp('layer', 'Layer norm', ['layernorm', 'LN', 'normalization']);

/** Instance norm: statistics over H, W per sample and channel; N×C×H×W input only. */
export const instanceNorm = normOp('instance', 'Instance norm', ['instancenorm', 'IN', 'normalization', 'style']);
