/**
 * docs/ops-vs-pytorch.md states that the CS231n multiclass SVM loss (svmHinge) equals PyTorch's
 * F.multi_margin_loss times the class count C; this checks it, loss and gradient, on real torch.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { svmHinge } from '../../src/ops/tensor/losses';
import { randomTensor } from '../../src/ops/tensor/testkit';
import { tensor } from '../../src/tensor/tensor';
import { runPython, torchMissing } from '../python';
import { tempDir } from '../tmp';

it('svmHinge equals F.multi_margin_loss × C, loss and gradient, for margins 1 and 0.5 and both reductions', async () => {
  const missing = torchMissing();
  if (missing) throw new Error(missing);
  const [N, C] = [4, 5];
  const scores = randomTensor([N, C], 12);
  const target = tensor([N], [0, 3, 4, 1]);
  const cases = [
    { margin: 1, reduction: 'mean' },
    { margin: 0.5, reduction: 'sum' },
  ];
  const engine = cases.map((p) => {
    const out = svmHinge.forward({ scores, target }, p);
    const g = svmHinge.backward({ scores, target }, out, tensor([], [1]), p).scores;
    return { loss: out.data[0], grad: [...g.data] };
  });
  const script = [
    'import json, torch',
    'import torch.nn.functional as F',
    `s0 = torch.tensor(${JSON.stringify([...scores.data])}, dtype=torch.float64).reshape(${N}, ${C})`,
    `y = torch.tensor(${JSON.stringify([...target.data])}).long()`,
    'out = []',
    ...cases.map(
      (p) =>
        `s = s0.clone().requires_grad_(True); L = ${C} * F.multi_margin_loss(s, y, margin=${p.margin}, reduction='${p.reduction}'); L.backward(); out.append({'loss': L.item(), 'grad': s.grad.reshape(-1).tolist()})`,
    ),
    'print(json.dumps(out))',
  ].join('\n');
  const file = join(tempDir('backprop-svm-'), 'svm.py');
  writeFileSync(file, script);
  const run = await runPython(file);
  expect(run.status, run.output).toBe(0);
  const torch = JSON.parse(run.output) as { loss: number; grad: number[] }[];
  torch.forEach((t, i) => {
    expect(engine[i].loss).toBeGreaterThan(0);
    expect(engine[i].loss).toBeCloseTo(t.loss, 12);
    t.grad.forEach((g, j) => expect(engine[i].grad[j]).toBeCloseTo(g, 12));
  });
}, 120_000);
