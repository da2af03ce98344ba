/**
 * Batch norm's running statistics after a training-mode forward pass (batchNormRunningUpdate)
 * against PyTorch's own in-place update of running_mean and running_var, and as eval reports them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { analyze } from '../../src/graph/analyze';
import { defaultParams } from '../../src/ops/registry';
import { batchNorm, batchNormRunningUpdate } from '../../src/ops/tensor/norm';
import { randomTensor } from '../../src/ops/tensor/testkit';
import { tensor } from '../../src/tensor/tensor';
import { graph, inp } from '../doc-builder';
import { runPython, torchMissing } from '../python';
import { tempDir } from '../tmp';

it('match F.batch_norm(training=True, momentum)’s update of running_mean and running_var, for N×C and N×C×H×W', async () => {
  const missing = torchMissing();
  if (missing) throw new Error(missing);
  const cases = [
    { x: randomTensor([5, 3], 51), momentum: 0.1 },
    { x: randomTensor([2, 3, 2, 2], 52), momentum: 0.3 },
  ];
  const rm = tensor([3], [0.1, -0.2, 0.3]);
  const rv = tensor([3], [0.5, 2, 1.5]);
  const engine = cases.map(({ x, momentum }) =>
    batchNormRunningUpdate({ x, runningMean: rm, runningVar: rv }, { ...defaultParams(batchNorm), momentum }),
  );
  const script = [
    'import json, torch',
    'import torch.nn.functional as F',
    'out = []',
    ...cases.map(
      ({ x, momentum }) =>
        `rm = torch.tensor(${JSON.stringify([...rm.data])}, dtype=torch.float64); rv = torch.tensor(${JSON.stringify([...rv.data])}, dtype=torch.float64); ` +
        `F.batch_norm(torch.tensor(${JSON.stringify([...x.data])}, dtype=torch.float64).reshape(${x.shape.join(', ')}), rm, rv, training=True, momentum=${momentum}); ` +
        'out.append({"mean": rm.tolist(), "var": rv.tolist()})',
    ),
    'print(json.dumps(out))',
  ].join('\n');
  const file = join(tempDir('backprop-bn-'), 'bn.py');
  writeFileSync(file, script);
  const run = await runPython(file);
  expect(run.status, run.output).toBe(0);
  const torch = JSON.parse(run.output) as { mean: number[]; var: number[] }[];
  torch.forEach((t, i) => {
    t.mean.forEach((v, c) => expect(engine[i]?.runningMean.data[c]).toBeCloseTo(v, 14));
    t.var.forEach((v, c) => expect(engine[i]?.runningVar.data[c]).toBeCloseTo(v, 14));
  });
}, 120_000);

it('are reported as the node’s state by eval, text and JSON: the batch [[1, 10], [3, 30]] with momentum ½', () => {
  const doc = graph(
    [inp('x', { shape: [2, 2], data: [1, 10, 3, 30] }), ['bn', 'batchNorm', { params: { momentum: 0.5 } }], ['s', 'sum']],
    [
      ['x', 'bn', 'x'],
      ['bn', 's', 'x'],
    ],
  );
  // Means 2 and 20, unbiased variances 2 and 200, from torch's initial 0 and 1.
  const state = analyze(doc).byId.get('bn')?.state;
  expect(state && Object.fromEntries(Object.entries(state).map(([k, t]) => [k, [...t.data]]))).toEqual({
    runningMean: [1, 10],
    runningVar: [1.5, 100.5],
  });
  const file = join(tempDir('backprop-bn-cli-'), 'bn.json');
  writeFileSync(file, JSON.stringify(doc));
  let out = '';
  expect(runCli(['eval', file, '--json'], { out: (t) => (out += t), err: () => undefined })).toBe(0);
  const nodes = (JSON.parse(out) as { nodes: { id: string; state?: unknown }[] }).nodes;
  expect(nodes.find((n) => n.id === 'bn')?.state).toEqual({ runningMean: [1, 10], runningVar: [1.5, 100.5] });
  out = '';
  runCli(['eval', file], { out: (t) => (out += t), err: () => undefined });
  expect(out).toContain('state of f2 (bn) after this pass: runningVar = tensor 2 [1.5, 100.5]');
});
