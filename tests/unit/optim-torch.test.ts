/**
 * Every optimizer and learning-rate schedule against real torch.optim 1.13 in float64, on a
 * scalar valley, P3's linear layer and a small MLP (full batch and seeded minibatches), with and
 * without weight decay: losses, learning rates, final parameters and the optimizer state the
 * document keeps, to 1e-9 relative. All cases run in one python3 process.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, serializeDocument } from '../../src/graph/load';
import { train, withTraining, type TrainRun } from '../../src/graph/optim/loop';
import type { OptimizerSettings } from '../../src/graph/optim/optimizers';
import type { Schedule } from '../../src/graph/optim/schedules';
import type { GraphDocument, Training } from '../../src/graph/schema';
import { mlp, p3, valley } from '../optim/graphs';
import { PRELUDE, torchCase, type TorchRun } from '../optim/torch-script';
import { PYTHON, torchMissing } from '../python';
import { tempDir } from '../tmp';

const STEPS = 12;
const GRAPHS: Record<string, { doc: () => GraphDocument; lrScale: number }> = {
  valley: { doc: valley, lrScale: 0.2 },
  p3: { doc: p3, lrScale: 1 },
  mlp: { doc: mlp, lrScale: 5 },
};

const OPTIMIZERS: OptimizerSettings[] = [
  { name: 'sgd', lr: 0.01 },
  { name: 'sgd', lr: 0.01, weightDecay: 0.1 },
  { name: 'sgd', lr: 0.01, momentum: 0.9 },
  { name: 'sgd', lr: 0.01, momentum: 0.8, dampening: 0.3, weightDecay: 0.05 },
  { name: 'sgd', lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.02 },
  { name: 'rmsprop', lr: 0.01 },
  { name: 'rmsprop', lr: 0.01, alpha: 0.9, eps: 1e-6, momentum: 0.5, centered: true, weightDecay: 0.1 },
  { name: 'adagrad', lr: 0.1 },
  { name: 'adagrad', lr: 0.1, lrDecay: 0.05, initialAccumulatorValue: 0.1, eps: 1e-8, weightDecay: 0.1 },
  { name: 'adam', lr: 0.05 },
  { name: 'adam', lr: 0.05, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1, amsgrad: true },
  { name: 'adamw', lr: 0.05 },
  { name: 'adamw', lr: 0.05, weightDecay: 0.2, amsgrad: true },
  // PyTorch's default learning rates (SGD has none).
  { name: 'rmsprop' },
  { name: 'adagrad' },
  { name: 'adam' },
];

const SCHEDULES: Schedule[][] = [
  [{ name: 'step', stepSize: 3 }],
  [{ name: 'step', stepSize: 4, gamma: 0.5 }],
  [{ name: 'exponential', gamma: 0.9 }],
  [{ name: 'cosine', tMax: 5 }],
  [{ name: 'cosine', tMax: 4, etaMin: 0.001 }],
  [{ name: 'linear' }],
  [
    { name: 'linear', startFactor: 0.1, totalIters: 4 },
    { name: 'cosine', tMax: 12 },
  ],
  [
    { name: 'linear', startFactor: 0.25, endFactor: 0.75, totalIters: 3 },
    { name: 'step', stepSize: 4 },
  ],
];

const BATCHES: NonNullable<Training['data']>[] = [
  { inputs: ['X', 'y'], batchSize: 3, seed: 5 },
  { inputs: ['X', 'y'], batchSize: 4, seed: 11, heldOut: 2 },
  { inputs: ['X', 'y'], batchSize: 2, seed: 3, heldOut: 3, splitSeed: 9 },
];

interface Case {
  readonly name: string;
  readonly graph: string;
  readonly run: TorchRun;
}

const scaled = (o: OptimizerSettings, k: number): OptimizerSettings => (o.lr === undefined ? o : { ...o, lr: o.lr * k });

const CASES: Case[] = [
  ...Object.entries(GRAPHS).flatMap(([graph, g]) =>
    OPTIMIZERS.map((o, i) => ({ name: `${graph}_opt${i}`, graph, run: { optimizer: scaled(o, g.lrScale), steps: STEPS } })),
  ),
  ...['p3', 'mlp'].flatMap((graph) =>
    SCHEDULES.flatMap((schedules, i) =>
      [OPTIMIZERS[3], OPTIMIZERS[10]].map((o, j) => ({
        name: `${graph}_sched${i}_${j}`,
        graph,
        run: { optimizer: scaled(o, GRAPHS[graph].lrScale), schedules, steps: STEPS },
      })),
    ),
  ),
  ...BATCHES.flatMap((data, i) =>
    [OPTIMIZERS[4], OPTIMIZERS[6], OPTIMIZERS[12]].map((o, j) => ({
      name: `mlp_batch${i}_${j}`,
      graph: 'mlp',
      run: { optimizer: scaled(o, 5), schedules: SCHEDULES[6], data, steps: STEPS },
    })),
  ),
];

const docOf = (c: Case): GraphDocument => withTraining(GRAPHS[c.graph].doc(), c.run);

interface TorchResult {
  losses: number[];
  lrs: number[];
  params: Record<string, number[]>;
  state: Record<string, Record<string, number | number[]>>;
}

/** Relative error, with a floor of 1e-12 under which numbers count as zero (a parameter that decays to it). */
function worst(ours: readonly number[], theirs: readonly number[]): number {
  expect(ours).toHaveLength(theirs.length);
  return ours.reduce((m, x, i) => Math.max(m, Math.abs(x - theirs[i]) / Math.max(Math.abs(theirs[i]), 1e-12)), 0);
}

const flat = (v: unknown): number[] =>
  typeof v === 'number' ? [v] : Array.isArray(v) ? (v as number[]) : Array.from((v as { data: ArrayLike<number> }).data);

describe('optimizers and schedules against torch.optim', () => {
  let results: Record<string, TorchResult> = {};
  let missing = '';
  beforeAll(() => {
    missing = torchMissing();
    if (missing) return;
    const script = [
      PRELUDE,
      ...CASES.map((c) => torchCase(c.name, docOf(c), c.run)),
      'import json, sys',
      `CASES = ${JSON.stringify(CASES.map((c) => c.name))}`,
      'sys.stdout.write(json.dumps({name: globals()[name]() for name in CASES}))',
    ].join('\n\n');
    const dir = tempDir('optim-torch-');
    writeFileSync(join(dir, 'cases.py'), script);
    const r = spawnSync(PYTHON, ['-W', 'ignore', 'cases.py'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
      maxBuffer: 1 << 26,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    if (r.status !== 0) throw new Error(`the torch script failed: ${r.error?.message ?? r.stderr}`);
    results = JSON.parse(r.stdout) as typeof results;
  }, 120_000);

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    if (missing) throw new Error(missing);
    const torch = results[c.name];
    const ours: TrainRun = train(docOf(c), { steps: c.run.steps });
    expect(worst(ours.losses, torch.losses)).toBeLessThan(1e-9);
    expect(worst(ours.lrs, torch.lrs)).toBeLessThan(1e-9);
    for (const [name, v] of Object.entries(torch.params)) expect(worst(flat(ours.params[name]), v), name).toBeLessThan(1e-9);
    const state = ours.doc.training?.state ?? {};
    expect(Object.keys(state).sort()).toEqual(Object.keys(torch.state).sort());
    for (const [id, s] of Object.entries(torch.state)) {
      expect(Object.keys(state[id]).sort(), id).toEqual(Object.keys(s).sort());
      for (const [k, v] of Object.entries(s))
        expect(worst(flat(state[id][k as keyof (typeof state)[string]]), flat(v)), `${id}.${k}`).toBeLessThan(1e-9);
    }
  });

  it.each(['p3_sched6_1', 'mlp_batch0_1', 'valley_opt10'])(
    '%s resumes exactly from a saved document: 5 steps, save, load, 7 more equal 12 in one go',
    (name) => {
      if (missing) throw new Error(missing);
      const c = CASES.find((x) => x.name === name) as Case;
      const first = train(docOf(c), { steps: 5 });
      const loaded = parseDocument(serializeDocument(first.doc));
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
      const second = train(loaded.doc, { steps: STEPS - 5 });
      expect(second.resumedFrom).toBe(5);
      const torch = results[name];
      expect(worst([...first.losses.slice(0, 5), ...second.losses], torch.losses)).toBeLessThan(1e-9);
      for (const [n, v] of Object.entries(torch.params)) expect(worst(flat(second.params[n]), v), n).toBeLessThan(1e-9);
    },
  );
});
