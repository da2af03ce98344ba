/**
 * Batch norm's running statistics after a training-mode forward pass (batchNormRunningUpdate)
 * against PyTorch's own in-place update of running_mean and running_var.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { defaultParams } from '../../src/ops/registry';
import { batchNorm, batchNormRunningUpdate } from '../../src/ops/tensor/norm';
import { randomTensor } from '../../src/ops/tensor/testkit';
import { tensor } from '../../src/tensor/tensor';
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
