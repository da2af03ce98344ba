/**
 * The update rules of torch.optim 1.13 (the single-tensor code path PyTorch takes on the CPU),
 * operation for operation, so a run matches PyTorch in float64 to rounding. Names follow the
 * document (camelCase of PyTorch's arguments: weight_decay is weightDecay).
 */

export const OPTIMIZERS = ['sgd', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** An optimizer and its hyperparameters; what is left out takes PyTorch's default (see withDefaults). */
export interface OptimizerSettings {
  readonly name: OptimizerName;
  readonly lr?: number;
  readonly momentum?: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  readonly alpha?: number;
  readonly eps?: number;
  readonly centered?: boolean;
  readonly lrDecay?: number;
  readonly initialAccumulatorValue?: number;
  readonly betas?: [number, number];
  readonly amsgrad?: boolean;
}

export type FullSettings = Required<OptimizerSettings>;

/** PyTorch's defaults per optimizer (SGD's lr has none in PyTorch: it is required). */
const DEFAULTS: Record<OptimizerName, Omit<FullSettings, 'name'>> = (() => {
  const none = {
    lr: NaN,
    momentum: 0,
    dampening: 0,
    nesterov: false,
    weightDecay: 0,
    alpha: 0.99,
    eps: 1e-8,
    centered: false,
    lrDecay: 0,
    initialAccumulatorValue: 0,
    betas: [0.9, 0.999] as [number, number],
    amsgrad: false,
  };
  return {
    sgd: none,
    rmsprop: { ...none, lr: 0.01 },
    adagrad: { ...none, lr: 0.01, eps: 1e-10 },
    adam: { ...none, lr: 0.001 },
    adamw: { ...none, lr: 0.001, weightDecay: 0.01 },
  };
})();

/** The settings with PyTorch's default for every hyperparameter left out. */
export function withDefaults(s: OptimizerSettings): FullSettings {
  const d = DEFAULTS[s.name];
  const pick = <K extends keyof typeof d>(k: K): (typeof d)[K] => (s[k] ?? d[k]) as (typeof d)[K];
  return {
    name: s.name,
    lr: pick('lr'),
    momentum: pick('momentum'),
    dampening: pick('dampening'),
    nesterov: pick('nesterov'),
    weightDecay: pick('weightDecay'),
    alpha: pick('alpha'),
    eps: pick('eps'),
    centered: pick('centered'),
    lrDecay: pick('lrDecay'),
    initialAccumulatorValue: pick('initialAccumulatorValue'),
    betas: pick('betas'),
    amsgrad: pick('amsgrad'),
  };
}

/** A hyperparameter PyTorch would refuse (its constructors' ValueErrors), as a value: which one and what it must be. */
export interface SettingProblem {
  readonly field: keyof OptimizerSettings;
  readonly must: string;
  readonly got: unknown;
}

/** The first hyperparameter PyTorch's constructor would refuse, or null. */
export function settingsProblem(s: FullSettings): SettingProblem | null {
  const bad = (field: keyof OptimizerSettings, must: string): SettingProblem => ({ field, must, got: s[field] });
  const nonNegative = (['lr', 'momentum', 'weightDecay', 'eps', 'alpha', 'lrDecay', 'initialAccumulatorValue'] as const).find(
    (f) => !(Number.isFinite(s[f]) && s[f] >= 0),
  );
  if (nonNegative === 'lr' && Number.isNaN(s.lr)) return bad('lr', 'given: SGD has no default learning rate');
  if (nonNegative) return bad(nonNegative, 'a finite number ≥ 0');
  if (!Number.isFinite(s.dampening)) return bad('dampening', 'a finite number');
  if (!s.betas.every((b) => b >= 0 && b < 1)) return bad('betas', 'two numbers in [0, 1)');
  if (s.nesterov && (s.momentum <= 0 || s.dampening !== 0)) return bad('nesterov', 'used with a momentum > 0 and zero dampening');
  return null;
}

/** One parameter's optimizer state, named as in PyTorch's `optimizer.state[p]` (camelCase); same shape as the parameter. */
export interface ParamState {
  /** Steps taken (Adam, AdamW, RMSProp and Adagrad count them). */
  step?: number;
  /** SGD's velocity; RMSProp's with momentum. SGD has none before its first step (PyTorch's None). */
  momentumBuffer?: Float64Array;
  /** Adam's first and second moments and, with amsgrad, the running maximum of the second. */
  expAvg?: Float64Array;
  expAvgSq?: Float64Array;
  maxExpAvgSq?: Float64Array;
  /** RMSProp's running mean of g² and, centered, of g. */
  squareAvg?: Float64Array;
  gradAvg?: Float64Array;
  /** Adagrad's sum of g². */
  sum?: Float64Array;
}

/** The state PyTorch creates for a new parameter of n elements (its lazy initialisation on the first step). */
export function initialState(s: FullSettings, n: number): ParamState {
  const z = () => new Float64Array(n);
  switch (s.name) {
    case 'sgd':
      return {};
    case 'rmsprop':
      return { step: 0, squareAvg: z(), ...(s.momentum > 0 ? { momentumBuffer: z() } : {}), ...(s.centered ? { gradAvg: z() } : {}) };
    case 'adagrad':
      return { step: 0, sum: new Float64Array(n).fill(s.initialAccumulatorValue) };
    default:
      return { step: 0, expAvg: z(), expAvgSq: z(), ...(s.amsgrad ? { maxExpAvgSq: z() } : {}) };
  }
}

/**
 * One update of parameter `p` with gradient `grad` at learning rate `lr` (the scheduled one),
 * in place on `p` and `state`, as torch.optim's step() does it.
 */
export function update(s: FullSettings, lr: number, p: Float64Array, grad: Float64Array, state: ParamState): void {
  const wd = s.weightDecay;
  // grad.add(param, alpha=weight_decay): AdamW decays the parameter instead.
  const g = wd !== 0 && s.name !== 'adamw' ? grad.map((x, i) => x + wd * p[i]) : grad;
  switch (s.name) {
    case 'sgd':
      return sgd(s, lr, p, g, state);
    case 'rmsprop':
      return rmsprop(s, lr, p, g, state);
    case 'adagrad':
      return adagrad(s, lr, p, g, state);
    default:
      return adam(s, lr, p, g, state);
  }
}

function sgd(s: FullSettings, lr: number, p: Float64Array, g: Float64Array, state: ParamState): void {
  let d = g;
  if (s.momentum !== 0) {
    const buf = state.momentumBuffer;
    if (!buf) state.momentumBuffer = Float64Array.from(g);
    else for (let i = 0; i < buf.length; i++) buf[i] = buf[i] * s.momentum + (1 - s.dampening) * g[i];
    const b = state.momentumBuffer as Float64Array;
    d = s.nesterov ? g.map((x, i) => x + s.momentum * b[i]) : b;
  }
  for (let i = 0; i < p.length; i++) p[i] = p[i] + -lr * d[i];
}

function rmsprop(s: FullSettings, lr: number, p: Float64Array, g: Float64Array, state: ParamState): void {
  state.step = (state.step ?? 0) + 1;
  const sq = state.squareAvg as Float64Array;
  const a = s.alpha;
  for (let i = 0; i < p.length; i++) {
    sq[i] = sq[i] * a + (1 - a) * g[i] * g[i];
    let avg: number;
    if (s.centered) {
      const ga = state.gradAvg as Float64Array;
      ga[i] = ga[i] * a + (1 - a) * g[i];
      avg = Math.sqrt(sq[i] + -1 * ga[i] * ga[i]) + s.eps;
    } else avg = Math.sqrt(sq[i]) + s.eps;
    if (s.momentum > 0) {
      const buf = state.momentumBuffer as Float64Array;
      buf[i] = buf[i] * s.momentum + g[i] / avg;
      p[i] = p[i] + -lr * buf[i];
    } else p[i] = p[i] + -lr * (g[i] / avg);
  }
}

function adagrad(s: FullSettings, lr: number, p: Float64Array, g: Float64Array, state: ParamState): void {
  const step = (state.step = (state.step ?? 0) + 1);
  const clr = lr / (1 + (step - 1) * s.lrDecay);
  const sum = state.sum as Float64Array;
  for (let i = 0; i < p.length; i++) {
    sum[i] = sum[i] + 1 * g[i] * g[i];
    p[i] = p[i] + -clr * (g[i] / (Math.sqrt(sum[i]) + s.eps));
  }
}

function adam(s: FullSettings, lr: number, p: Float64Array, g: Float64Array, state: ParamState): void {
  const step = (state.step = (state.step ?? 0) + 1);
  const [b1, b2] = s.betas;
  if (s.name === 'adamw') for (let i = 0; i < p.length; i++) p[i] = p[i] * (1 - lr * s.weightDecay);
  const m = state.expAvg as Float64Array;
  const v = state.expAvgSq as Float64Array;
  const vmax = state.maxExpAvgSq;
  const stepSize = lr / (1 - b1 ** step);
  const bc2Sqrt = Math.sqrt(1 - b2 ** step);
  for (let i = 0; i < p.length; i++) {
    m[i] = m[i] * b1 + (1 - b1) * g[i];
    v[i] = v[i] * b2 + (1 - b2) * g[i] * g[i];
    if (vmax) vmax[i] = Math.max(vmax[i], v[i]);
    const denom = Math.sqrt(vmax ? vmax[i] : v[i]) / bc2Sqrt + s.eps;
    p[i] = p[i] + -stepSize * (m[i] / denom);
  }
}
