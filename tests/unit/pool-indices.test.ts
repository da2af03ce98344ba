/**
 * Which input wins each max-pool window, against torch's return_indices on real PyTorch: inputs
 * with many ties (small integers), so the tie rule (the first maximum in scan order) decides.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxPoolWinners } from '../../src/ops/tensor/pool';
import { rng } from '../../src/tensor/init';
import { tensor, type Tensor } from '../../src/tensor/tensor';
import { runPython, torchMissing, type Run } from '../python';
import { tempDir } from '../tmp';

const r = rng(7);
const x: Tensor = tensor(
  [2, 3, 9, 8],
  Array.from({ length: 2 * 3 * 9 * 8 }, () => Math.floor(3 * r())),
);

const cases: [name: string, type: string, params: Record<string, unknown>, torch: string][] = [
  ['2×2', 'maxPool2d', { kernel: 2 }, 'F.max_pool2d(x, 2, return_indices=True)'],
  [
    '3×3 /2 p1 ceil',
    'maxPool2d',
    { kernel: 3, stride: 2, padding: 1, ceilMode: true },
    'F.max_pool2d(x, 3, 2, 1, ceil_mode=True, return_indices=True)',
  ],
  [
    '3×2 /1 dilation [2, 3]',
    'maxPool2d',
    { kernel: [3, 2], stride: 1, dilation: [2, 3] },
    'F.max_pool2d(x, (3, 2), 1, dilation=(2, 3), return_indices=True)',
  ],
  ['adaptive 4×3', 'adaptiveMaxPool2d', { outputSize: [4, 3] }, 'F.adaptive_max_pool2d(x, (4, 3), return_indices=True)'],
];

describe('max-pool winners agree with torch return_indices on tied inputs', () => {
  let run: Run | null = null;
  let missing = '';
  beforeAll(async () => {
    missing = torchMissing();
    if (missing) return;
    const file = join(tempDir('backprop-pool-indices-'), 'indices.py');
    const lines = cases.map(([, , , call]) => `print(json.dumps(${call}[1].flatten().tolist()))`);
    writeFileSync(
      file,
      [
        'import json, torch',
        'import torch.nn.functional as F',
        `x = torch.tensor(${JSON.stringify([...x.data])}, dtype=torch.float64).reshape(${x.shape.join(', ')})`,
        ...lines,
      ].join('\n'),
    );
    run = await runPython(file);
  }, 120_000);

  it.each(cases.map((c, i) => [c[0], i] as const))('%s', (_name, i) => {
    if (missing) throw new Error(missing);
    expect(run?.status, run?.output).toBe(0);
    const torch = JSON.parse(run?.output.trim().split('\n')[i] ?? '[]') as number[];
    const [, type, params] = cases[i];
    expect([...maxPoolWinners(type, x, params as never)]).toEqual(torch);
  });
});
