/**
 * A training run written as PyTorch: the graph's forward pass (each op as the PyTorch exporter
 * writes it), torch.optim's optimizer and lr_scheduler classes with only the arguments the run
 * sets (so PyTorch's own defaults apply), and, for minibatches, the documented shuffle
 * (mulberry32 driving Fisher–Yates) re-implemented in Python. Each case is one function returning
 * the losses, learning rates, final parameters and optimizer state.
 */
import { SOURCE } from '../../src/graph/compile';
import type { OptimizerSettings } from '../../src/graph/optim/optimizers';
import type { Schedule } from '../../src/graph/optim/schedules';
import type { GraphDocument, Training } from '../../src/graph/schema';
import { createBuild, opExpression } from '../../src/export/pytorch/graph';
import { pyFloat, pyTensor } from '../../src/export/pytorch/python';
import { asTensor } from '../../src/tensor/tensor';

const CLASSES = { sgd: 'SGD', rmsprop: 'RMSprop', adagrad: 'Adagrad', adam: 'Adam', adamw: 'AdamW' } as const;
const OPT_ARGS: Record<string, string> = {
  lr: 'lr',
  momentum: 'momentum',
  dampening: 'dampening',
  nesterov: 'nesterov',
  weightDecay: 'weight_decay',
  alpha: 'alpha',
  eps: 'eps',
  centered: 'centered',
  lrDecay: 'lr_decay',
  initialAccumulatorValue: 'initial_accumulator_value',
  betas: 'betas',
  amsgrad: 'amsgrad',
};
const SCHEDULERS = { step: 'StepLR', exponential: 'ExponentialLR', cosine: 'CosineAnnealingLR', linear: 'LinearLR' } as const;
const SCHEDULE_ARGS: Record<string, string> = {
  stepSize: 'step_size',
  gamma: 'gamma',
  tMax: 'T_max',
  etaMin: 'eta_min',
  startFactor: 'start_factor',
  endFactor: 'end_factor',
  totalIters: 'total_iters',
};

const pyValue = (v: unknown): string =>
  typeof v === 'boolean' ? (v ? 'True' : 'False') : Array.isArray(v) ? `(${v.map(pyValue).join(', ')})` : pyFloat(v as number);

const kwargs = (o: object, names: Record<string, string>, skip: string): string =>
  Object.entries(o)
    .filter(([k]) => k !== skip)
    .map(([k, v]) => `${names[k]}=${pyValue(v)}`)
    .join(', ');

/** Python helpers every case shares: the shuffle as batches.ts documents it. */
export const PRELUDE = String.raw`
import math
import torch
import torch.nn.functional as F
torch.set_default_dtype(torch.float64)

M32 = 0xFFFFFFFF

def mulberry32(seed):
    a = seed & M32
    def rand():
        nonlocal a
        a = (a + 0x6D2B79F5) & M32
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296
    return rand

def shuffled(n, seed):
    rand, p = mulberry32(seed), list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(rand() * (i + 1))
        p[i], p[j] = p[j], p[i]
    return p

class Batches:
    def __init__(self, n, size, seed):
        self.n, self.size, self.rand, self.epochs = n, size, mulberry32(seed), []
        self.per_epoch = -(-n // size)
    def batch(self, t):
        epoch = t // self.per_epoch
        while len(self.epochs) <= epoch:
            p = list(range(self.n))
            for i in range(self.n - 1, 0, -1):
                j = math.floor(self.rand() * (i + 1))
                p[i], p[j] = p[j], p[i]
            self.epochs.append(p)
        start = (t % self.per_epoch) * self.size
        return torch.tensor(self.epochs[epoch][start:start + self.size])

STATE_NAMES = {'step': 'step', 'momentum_buffer': 'momentumBuffer', 'exp_avg': 'expAvg', 'exp_avg_sq': 'expAvgSq',
               'max_exp_avg_sq': 'maxExpAvgSq', 'square_avg': 'squareAvg', 'grad_avg': 'gradAvg', 'sum': 'sum'}

def state_of(opt, p):
    out = {}
    for k, v in opt.state[p].items():
        if v is None:
            continue
        out[STATE_NAMES[k]] = float(v) if k == 'step' else v.reshape(-1).tolist()
    return out
`;

export interface TorchRun {
  readonly optimizer: OptimizerSettings;
  readonly schedules?: Schedule[];
  readonly data?: Training['data'];
  readonly steps: number;
}

/** One case as a Python function `name()`. */
export function torchCase(name: string, doc: GraphDocument, run: TorchRun): string {
  const b = createBuild(doc, true, []);
  const { plan } = b;
  const data = new Set(run.data?.inputs ?? []);
  const trainable = plan.nodes.flatMap((nd, k) => (nd.op === 'input' && nd.params?.trainable === true ? [k] : []));
  const lines = [`def ${name}():`];
  for (let k = 0; k < plan.n; k++) {
    if (plan.kinds[k] !== SOURCE) continue;
    const v = pyTensor(asTensor(plan.sourceValues[k] ?? 0), trainable.includes(k));
    lines.push(`    ${b.vars[k]}${data.has(plan.ids[k]) ? '_full' : ''} = ${v}`);
  }
  const params = trainable.map((k) => b.vars[k]);
  lines.push(`    params = [${params.join(', ')}]`);
  lines.push(`    opt = torch.optim.${CLASSES[run.optimizer.name]}(params, ${kwargs(run.optimizer, OPT_ARGS, 'name')})`);
  const scheds = (run.schedules ?? []).map(
    (s) => `torch.optim.lr_scheduler.${SCHEDULERS[s.name]}(opt, ${kwargs(s, SCHEDULE_ARGS, 'name')})`,
  );
  lines.push(`    scheds = [${scheds.join(', ')}]`);
  if (run.data) {
    const first = plan.index.get(run.data.inputs[0]) as number;
    const heldOut = run.data.heldOut ?? 0;
    const n = `${b.vars[first]}_full.shape[0]`;
    const split = run.data.splitSeed === undefined ? `list(range(${n}))` : `shuffled(${n}, ${run.data.splitSeed})`;
    lines.push(
      `    train_rows = torch.tensor(${split}[:${n} - ${heldOut}])`,
      `    order = Batches(${n} - ${heldOut}, ${run.data.batchSize}, ${run.data.seed})`,
    );
  }
  lines.push('    losses, lrs = [], []', `    for i in range(${run.steps + 1}):`);
  if (run.data) {
    lines.push('        rows = train_rows[order.batch(i)]');
    for (const id of run.data.inputs) {
      const v = b.vars[plan.index.get(id) as number];
      lines.push(`        ${v} = ${v}_full[rows]`);
    }
  }
  for (let k = 0; k <= plan.output; k++) if (plan.kinds[k] !== SOURCE) lines.push(`        ${b.vars[k]} = ${opExpression(b, k, b.vars)}`);
  const loss = b.vars[plan.output];
  lines.push(
    `        losses.append(${loss}.item())`,
    `        if i == ${run.steps}:`,
    '            break',
    "        lrs.append(opt.param_groups[0]['lr'])",
    '        opt.zero_grad()',
    `        ${loss}.backward()`,
    '        opt.step()',
    '        for s in scheds:',
    '            s.step()',
    `    names = [${trainable.map((k) => JSON.stringify(plan.nodes[k].name ?? plan.ids[k])).join(', ')}]`,
    `    ids = [${trainable.map((k) => JSON.stringify(plan.ids[k])).join(', ')}]`,
    '    return {"losses": losses, "lrs": lrs,',
    '            "params": {n: p.detach().reshape(-1).tolist() for n, p in zip(names, params)},',
    '            "state": {i: state_of(opt, p) for i, p in zip(ids, params)}}',
  );
  return lines.join('\n');
}
