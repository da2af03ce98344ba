/** The `train` command: its JSON, its flags and their PyTorch defaults, resuming from -o, and its messages. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/graph/load';
import { runInProcess as run, writeDoc } from '../cli-in-process';
import { tempDir } from '../tmp';

const P3 = 'public/examples/p3-linear-mse-update.json';
const json = (...argv: string[]) =>
  JSON.parse(run('train', P3, ...argv, '--json').stdout) as { losses: number[]; params: Record<string, unknown> };

describe('train', () => {
  it('takes the exam answer of P3 as one SGD step at lr 1/3 (lr 1, gradient averaged over 3): A = (11/3, 2/3), loss 16.5 → 425/18', () => {
    const r = json('--optimizer', 'sgd', '--lr', String(1 / 3), '--steps', '1');
    expect(r.losses[0]).toBe(16.5);
    expect(r.losses[1]).toBeCloseTo(425 / 18, 12);
    const [[a0, a1]] = r.params.A as number[][];
    expect(a0).toBeCloseTo(11 / 3, 12);
    expect(a1).toBeCloseTo(2 / 3, 12);
  });

  it('prints N + 1 losses, the first before any step, and each trainable input by name', () => {
    const r = json('--optimizer', 'adam', '--lr', '0.1', '--steps', '7');
    expect(r.losses).toHaveLength(8);
    expect(r.losses[0]).toBe(16.5);
    expect(Object.keys(r.params)).toEqual(['A']);
  });

  it("leaves out what is not given at PyTorch's defaults: --optimizer adam equals adam with lr 0.001, betas 0.9,0.999, eps 1e-8", () => {
    const explicit = json(
      '--optimizer',
      'adam',
      '--lr',
      '0.001',
      '--betas',
      '0.9,0.999',
      '--eps',
      '1e-8',
      '--weight-decay',
      '0',
      '--steps',
      '5',
    );
    expect(json('--optimizer', 'adam', '--steps', '5')).toEqual(explicit);
    expect(json('--optimizer', 'momentum', '--lr', '0.01', '--steps', '5')).toEqual(
      json('--optimizer', 'sgd', '--lr', '0.01', '--momentum', '0.9', '--steps', '5'),
    );
  });

  it('resumes from the document it wrote: 3 steps then 4 equal 7 at once, the optimizer state carried in the file', () => {
    const out = join(tempDir('backprop-train-'), 'trained.json');
    const flags = ['--optimizer', 'adam', '--lr', '0.1', '--schedule', 'cosine:T_max=5'];
    expect(run('train', P3, ...flags, '--steps', '3', '-o', out).status).toBe(0);
    const saved = parseDocument(readFileSync(out, 'utf8'));
    if (!saved.ok) throw new Error('the trained document does not load');
    expect(saved.doc.training?.steps).toBe(3);
    expect(saved.doc.training?.state?.A?.step).toBe(3);
    const resumed = JSON.parse(run('train', out, '--steps', '4', '--json').stdout) as { losses: number[]; params: unknown };
    const once = json(...flags, '--steps', '7');
    expect(resumed.losses).toEqual(once.losses.slice(3));
    expect(resumed.params).toEqual(once.params);
  });

  it('refuses a saved optimizer state that does not fit its parameter, naming it', () => {
    const p3 = JSON.parse(readFileSync(P3, 'utf8')) as object;
    const file = writeDoc({ ...p3, training: { optimizer: { name: 'adam' }, steps: 1, state: { A: { step: 1, expAvg: [0.1] } } } });
    expect(() => run('train', file, '--steps', '1')).toThrow('the saved optimizer state of "A" has 1 numbers for its 2 elements');
  });

  it.each([
    [['--optimizer', 'sgd', '--steps', '2'], "--optimizer sgd needs a learning rate: --lr 0.1 (PyTorch's SGD has no default)"],
    [
      ['--optimizer', 'lion', '--steps', '2'],
      '--optimizer must be one of sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw, got "lion"',
    ],
    [['--optimizer', 'adam', '--lr', '-1', '--steps', '2'], '--lr must be a non-negative number, got "-1"'],
    [['--optimizer', 'adam', '--steps', 'ten'], '--steps must be an integer, got "ten"'],
    [['--optimizer', 'adam'], 'train needs a number of steps ≥ 0: --steps 100'],
    [
      ['--optimizer', 'sgd', '--lr', '1', '--alpha', '0.9', '--steps', '2'],
      '--alpha does not apply to --optimizer sgd (it is for rmsprop)',
    ],
    [['--optimizer', 'adam', '--betas', '0.9,1', '--steps', '2'], '--betas must be two numbers in [0, 1) such as 0.9,0.999, got "0.9,1"'],
    [
      ['--optimizer', 'sgd', '--lr', '1', '--nesterov', '--steps', '2'],
      '--nesterov needs a momentum > 0 and zero dampening (as PyTorch requires)',
    ],
    [['--lr', '0.1', '--steps', '2'], '--lr needs --optimizer: the optimizer it belongs to'],
    [['--steps', '2'], 'train needs an optimizer: --optimizer adam (or a document whose training names one)'],
    [
      ['--optimizer', 'adam', '--schedule', 'cosine:Tmax=3', '--steps', '2'],
      '--schedule cosine: unknown argument "Tmax" (cosine takes T_max, eta_min)',
    ],
    [['--optimizer', 'adam', '--schedule', 'cosine', '--steps', '2'], `${P3}: the cosine schedule's tMax must be a whole number > 0`],
    [['--optimizer', 'adam', '--seed', '3', '--steps', '2'], '--seed shuffles minibatches: give --batch-size too'],
    [
      ['--optimizer', 'adam', '--batch-size', '2', '--data', 'A', '--steps', '2'],
      `${P3}: the data input "A" is marked trainable: data is not a parameter`,
    ],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => run('train', P3, ...argv)).toThrow(message);
  });
});

describe('train through the real command (the bundled CLI, as `npm run backprop` runs it)', () => {
  it('finds the digits data set from the bundle: one Adam step on the MLP lowers the loss', () => {
    const r = spawnSync(
      process.execPath,
      ['scripts/backprop.mjs', 'train', 'public/training/digits-mlp.json', '--optimizer', 'adam', '--lr', '0.01', '--steps', '1', '--json'],
      {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect([r.status, r.stderr]).toEqual([0, '']);
    const { losses } = JSON.parse(r.stdout) as { losses: number[] };
    expect(losses).toHaveLength(2);
    // Ten classes at a random start: about ln 10 = 2.30 before the step.
    expect(losses[0]).toBeGreaterThan(1.5);
    expect(losses[1]).toBeLessThan(losses[0]);
  }, 60_000);
});
