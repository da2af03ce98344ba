import { formatShape } from '../../format/shape';
import { sameShape, sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import { num, OpError, type ImplicitParam, type ParamSpec, type Params, type TensorOp, type TorchForm } from '../types';

type Kind = 'batch' | 'layer' | 'instance' | 'group';

/** Which elements share statistics, and which gamma/beta entry scales each element. */
interface Layout {
  readonly groups: number;
  readonly group: (i: number) => number;
  readonly affine: Shape;
  readonly slot: (i: number) => number;
  readonly per: string;
}

const OVER: Record<Kind, string> = {
  batch: 'N and the spatial dims per channel',
  layer: 'the normalized (trailing) dims per sample',
  instance: 'the spatial dims per sample and channel',
  group: 'C/G channels and the spatial dims per sample and group',
};

/** LayerNorm's normalized_shape (one integer D reads as [D], as torch's LayerNorm(D)); empty: every dimension after the first. */
function normalizedShape(p: Params): number[] {
  const ns = p.normalizedShape;
  return typeof ns === 'number' ? [ns] : Array.isArray(ns) ? ns : [];
}

/** Evaluation mode: batch norm then normalises with the running statistics instead of the batch's. */
const evalMode = (kind: Kind, p: Params) => kind === 'batch' && p.mode === 'eval';

function layerLayout(x: Shape, p: Params): Layout {
  const ns = normalizedShape(p);
  if (ns.length === 0) {
    if (x.length < 2) throw new OpError(`layerNorm expects N×C×H×W or N×C input, got ${formatShape(x)}`);
  } else if (!(ns.length <= x.length && sameShape(ns, x.slice(x.length - ns.length)))) {
    throw new OpError(
      `layerNorm normalizedShape ${formatShape(ns)} must be the trailing dimensions of the input ${formatShape(x)} (e.g. ${formatShape(x.slice(-1))})`,
      'param',
    );
  }
  const affine = ns.length ? ns : x.slice(1);
  const inner = sizeOf(affine);
  const per = ns.length ? 'the normalized shape' : 'the shape of one sample';
  return { groups: sizeOf(x) / inner, group: (i) => Math.floor(i / inner), affine, slot: (i) => i % inner, per };
}

/** The grouping for an N×C×d1×…×dk input (N×C for batch norm); element i sits at ((n·C + c)·S + s), S = d1·…·dk. */
function layout(kind: Kind, x: Shape, p: Params): Layout {
  if (kind === 'layer') return layerLayout(x, p);
  const spatial = kind === 'instance';
  if (x.length < (spatial ? 3 : 2)) {
    const hint =
      x.length === 2
        ? '; with N×C input every group would hold a single value'
        : x.length === 1
          ? `; add a batch dimension (reshape to 1×${x[0]})`
          : '';
    throw new OpError(`${kind}Norm expects N×C×H×W${spatial ? '' : ' or N×C'} input, got ${formatShape(x)}${hint}`);
  }
  const [N, C] = x;
  const S = sizeOf(x.slice(2));
  const channel = (i: number) => Math.floor(i / S) % C;
  if (kind === 'batch') return { groups: C, group: channel, affine: [C], slot: channel, per: 'one per channel' };
  if (kind === 'instance') return { groups: N * C, group: (i) => Math.floor(i / S), affine: [C], slot: channel, per: 'one per channel' };
  const G = num(p, 'groups');
  if (!(Number.isInteger(G) && G >= 1 && C % G === 0)) {
    throw new OpError(`groupNorm groups ${G} must divide the ${C} channels of input ${formatShape(x)}`, 'param');
  }
  const size = (C / G) * S;
  return { groups: N * G, group: (i) => Math.floor(i / size), affine: [C], slot: channel, per: 'one per channel' };
}

/** The running statistics batch norm reads in eval mode (PyTorch's buffers start at mean 0, variance 1). */
function running(ins: Readonly<Record<string, Tensor>>, C: number): { mean: Float64Array; variance: Float64Array } {
  const { runningMean, runningVar }: Partial<Record<string, Tensor>> = ins;
  return { mean: runningMean?.data ?? new Float64Array(C), variance: runningVar?.data ?? new Float64Array(C).fill(1) };
}

/**
 * x̂ = (x − μ_g) / √(σ²_g + eps) and 1/√(σ²_g + eps) per group: the batch's statistics with the
 * biased variance (training mode), or batch norm's running ones in eval mode.
 */
function normalise(kind: Kind, ins: Readonly<Record<string, Tensor>>, p: Params) {
  const { x } = ins;
  const L = layout(kind, x.shape, p);
  const eps = num(p, 'eps');
  if (!(eps >= 0)) throw new OpError(`${kind}Norm eps must be ≥ 0, got ${eps}`, 'param');
  const count = x.data.length / L.groups;
  const mu = new Float64Array(L.groups);
  const inv = new Float64Array(L.groups);
  if (evalMode(kind, p)) {
    const r = running(ins, L.groups);
    r.mean.forEach((m, g) => (mu[g] = m));
    r.variance.forEach((v, g) => {
      if (!(v + eps > 0)) throw new OpError(`batchNorm runningVar ${v} + eps must be > 0 in eval mode`, 'domain');
      inv[g] = 1 / Math.sqrt(v + eps);
    });
  } else {
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
  }
  const xhat = x.data.map((v, i) => (v - mu[L.group(i)]) * inv[L.group(i)]);
  return { L, xhat, inv, count, mu };
}

const EPS: ParamSpec = { name: 'eps', kind: 'number', default: 1e-5, label: 'eps (added to the variance)', min: 0 };
const affineParam = (def: boolean): ParamSpec => ({ name: 'affine', kind: 'bool', default: def, label: 'learn a scale γ and shift β' });

const EXTRA: Record<Kind, { params: ParamSpec[]; affine: boolean; ports: string[] }> = {
  batch: {
    params: [
      {
        name: 'mode',
        kind: 'enum',
        default: 'train',
        options: ['train', 'eval'],
        label: 'mode (train: batch statistics; eval: running ones)',
      },
      { name: 'momentum', kind: 'number', default: 0.1, label: 'momentum of the running statistics', min: 0 },
    ],
    affine: false,
    ports: ['runningMean', 'runningVar'],
  },
  layer: {
    params: [{ name: 'normalizedShape', kind: 'ints', default: [], label: 'normalized shape (trailing dims; empty: all but the first)' }],
    affine: false,
    ports: [],
  },
  instance: { params: [], affine: false, ports: [] },
  group: { params: [{ name: 'groups', kind: 'int', default: 1, label: 'groups G (must divide C)', min: 1 }], affine: true, ports: [] },
};

function normOp(kind: Kind, title: string, keywords: string[]): TensorOp {
  const type = `${kind}Norm`;
  const extra = EXTRA[kind];
  const checked = (ins: Readonly<Record<string, Shape>>, p: Params): Layout => {
    const L = layout(kind, ins.x, p);
    const want: Record<string, [Shape, string]> = { gamma: [L.affine, L.per], beta: [L.affine, L.per] };
    for (const port of extra.ports) want[port] = [[L.groups], 'one per channel'];
    for (const [name, [shape, per]] of Object.entries(want)) {
      const s = ins[name] as Shape | undefined;
      if (s && !sameShape(s, shape)) {
        throw new OpError(
          `${type} ${name} must have shape ${formatShape(shape)} (${per}) for input ${formatShape(ins.x)}, got ${formatShape(s)}`,
        );
      }
    }
    return L;
  };
  const shapesOf = (ins: Readonly<Record<string, Tensor>>) => Object.fromEntries(Object.entries(ins).map(([k, t]) => [k, t.shape]));
  return {
    kind: 'tensor',
    type,
    group: 'Tensor',
    title,
    keywords,
    inputs: [
      { name: 'x' },
      { name: 'gamma', param: true },
      { name: 'beta', param: true },
      ...extra.ports.map((name) => ({ name, param: true })),
    ],
    params: [EPS, affineParam(extra.affine), ...extra.params],
    symbol: () => ({ batch: 'BN', layer: 'LN', instance: 'IN', group: 'GN' })[kind],
    summary: (p) =>
      `ε=${num(p, 'eps')}${p.affine === true ? ', affine' : ''}${kind === 'group' ? `, G=${num(p, 'groups')}` : ''}${evalMode(kind, p) ? ', eval' : ''}`,
    text: ([x, g, b]) => (g && b ? `${g} * ${type}(${x}) + ${b}` : `${type}(${x})`),
    latex: ([x, g, b]) => (g && b ? `${g} \\odot \\mathrm{${type}}(${x}) + ${b}` : `\\mathrm{${type}}(${x})`),
    torch: TORCH[kind],
    ...(kind === 'batch' && { state: batchNormRunningUpdate }),
    // Running statistics are buffers: torch differentiates nothing through them.
    indexPorts: () => extra.ports,
    rule: (p) => ({
      x: evalMode(kind, p)
        ? '∂L/∂x = γ·∂L/∂y / √(running var + eps) (eval mode: the statistics are constants)'
        : `∂L/∂x = (1/σ)(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), ĝ = γ·∂L/∂y, means over ${OVER[kind]}`,
      gamma: '∂L/∂γ = Σ ∂L/∂y · x̂',
      beta: '∂L/∂β = Σ ∂L/∂y',
      ...Object.fromEntries(extra.ports.map((port) => [port, 'none: a running statistic (a buffer, no gradient)'])),
    }),
    shape: (ins, p) => {
      checked(ins, p);
      return ins.x;
    },
    implicit: (port, { x }, p) => {
      if (!x) return null;
      if (port === 'runningMean' || port === 'runningVar') {
        // Owned only in eval mode, where they are read: PyTorch's initial buffers, mean 0 and variance 1.
        if (!evalMode(kind, p)) return null;
        const C = layout(kind, x, p).groups;
        return port === 'runningMean'
          ? { shape: [C], init: 'zeros' }
          : ({ shape: [C], init: 'constant', scale: 1 } satisfies ImplicitParam);
      }
      if (p.affine !== true) return null;
      const shape = layout(kind, x, p).affine;
      return port === 'gamma' ? { shape, init: 'constant', scale: 1 } : { shape, init: 'zeros' };
    },
    forward: (ins, p) => {
      const { gamma, beta }: Partial<Record<string, Tensor>> = ins;
      checked(shapesOf(ins), p);
      const { L, xhat } = normalise(kind, ins, p);
      const data = xhat.map((v, i) => (gamma ? gamma.data[L.slot(i)] : 1) * v + (beta ? beta.data[L.slot(i)] : 0));
      return { shape: [...ins.x.shape], data };
    },
    backward: (ins, _out, g, p) => {
      const { x } = ins;
      const { gamma, beta }: Partial<Record<string, Tensor>> = ins;
      const { L, xhat, inv, count } = normalise(kind, ins, p);
      const gh = g.data.map((v, i) => (gamma ? gamma.data[L.slot(i)] : 1) * v);
      const a = new Float64Array(L.groups);
      const b = new Float64Array(L.groups);
      // In eval mode μ and σ are constants: no mean terms.
      if (!evalMode(kind, p)) {
        gh.forEach((v, i) => {
          a[L.group(i)] += v / count;
          b[L.group(i)] += (v * xhat[i]) / count;
        });
      }
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
    // mean, variance and normalise: one accumulate or multiply each per element (eval mode: the
    // normalise alone); the affine adds one more. Running statistics are buffers, not parameters.
    cost: (ins, _out, p) => {
      const { gamma, beta }: Partial<Record<string, Shape>> = ins;
      const passes = (evalMode(kind, p) ? 1 : 3) + (gamma || beta ? 1 : 0);
      return { params: (gamma ? sizeOf(gamma) : 0) + (beta ? sizeOf(beta) : 0), macs: sizeOf(ins.x) * passes };
    },
  };
}

/** Writes eps, and gamma and beta exactly when the node has them. */
const TORCH: Readonly<Record<Kind, TorchForm>> = {
  batch: ({ args: { x, gamma, beta, runningMean, runningVar }, params }, py) =>
    evalMode('batch', params)
      ? `F.batch_norm(${x}, ${runningMean}, ${runningVar}, ${gamma ?? 'None'}, ${beta ?? 'None'}, training=False, eps=${py.float(num(params, 'eps'))})`
      : `F.batch_norm(${x}, None, None, ${gamma ?? 'None'}, ${beta ?? 'None'}, training=True, eps=${py.float(num(params, 'eps'))})`,
  layer: ({ args: { x, gamma, beta }, params, shapes }, py) => {
    const ns = normalizedShape(params);
    return `F.layer_norm(${x}, ${py.ints(ns.length ? ns : shapes.x.slice(1))}, ${gamma ?? 'None'}, ${beta ?? 'None'}, eps=${py.float(num(params, 'eps'))})`;
  },
  instance: ({ args: { x, gamma, beta }, params }, py) =>
    `F.instance_norm(${x}, weight=${gamma ?? 'None'}, bias=${beta ?? 'None'}, eps=${py.float(num(params, 'eps'))})`,
  group: ({ args: { x, gamma, beta }, params }, py) =>
    `F.group_norm(${x}, ${num(params, 'groups')}, ${gamma ?? 'None'}, ${beta ?? 'None'}, eps=${py.float(num(params, 'eps'))})`,
};

/**
 * Batch norm's running statistics after one forward pass in training mode, PyTorch's update:
 * mean ← (1 − m)·mean + m·μ_batch, var ← (1 − m)·var + m·σ²_batch with the unbiased variance
 * (n/(n − 1) times the biased one used to normalise). Null in eval mode, where nothing changes,
 * and with one value per channel, which has no unbiased variance.
 */
export function batchNormRunningUpdate(
  ins: Readonly<Record<string, Tensor>>,
  p: Params,
): { runningMean: Tensor; runningVar: Tensor } | null {
  if (evalMode('batch', p)) return null;
  const { L, mu, count } = normalise('batch', ins, p);
  // One value per channel has no unbiased variance (torch refuses to train on it).
  if (count < 2) return null;
  const m = num(p, 'momentum');
  const prev = running(ins, L.groups);
  const squares = new Float64Array(L.groups);
  ins.x.data.forEach((v, i) => (squares[L.group(i)] += (v - mu[L.group(i)]) ** 2));
  return {
    runningMean: { shape: [L.groups], data: prev.mean.map((v, c) => (1 - m) * v + m * mu[c]) },
    runningVar: { shape: [L.groups], data: prev.variance.map((v, c) => (1 - m) * v + (m * squares[c]) / (count - 1)) },
  };
}

/**
 * Batch norm of N×C×d1×…×dk (or N×C) input. Training mode (the default) uses the batch's
 * statistics with the biased variance; eval mode the running ones (ports runningMean and
 * runningVar, owned as zeros and ones when unconnected). gamma and beta are optional parameter
 * ports: used whenever present; left unconnected they exist (γ = 1, β = 0, owned by the node) only
 * when `affine` is on, and otherwise the op is the bare normalisation.
 */
export const batchNorm = normOp('batch', 'Batch norm', ['batchnorm', 'BN', 'normalization', 'running mean']);

/** Layer norm over `normalizedShape`, the trailing dims (default: all but the first, C×H×W per sample); gamma and beta of that shape. */
export const layerNorm = normOp('layer', 'Layer norm', ['layernorm', 'LN', 'normalization', 'transformer']);

/** Instance norm: statistics over the spatial dims per sample and channel; N×C×d1×…×dk input. */
export const instanceNorm = normOp('instance', 'Instance norm', ['instancenorm', 'IN', 'normalization', 'style']);

/** Group norm, PyTorch's F.group_norm: statistics over C/G channels and the spatial dims per sample and group; γ, β per channel (affine on by default, as torch). */
export const groupNorm = normOp('group', 'Group norm', ['groupnorm', 'GN', 'normalization']);
