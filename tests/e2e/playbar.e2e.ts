import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYTHON } from '../python';
import { openEditorSuite, shot } from './harness';
import { expectText, node, openFile } from './page-helpers';

/** P3's A after 3 steps of torch.optim.Adam (lr 0.01, PyTorch's other defaults) in float64: the independent truth. */
function torchAdamP3(): number[] {
  const script = `
import json, torch
A = torch.tensor([[3.0, 2.0]], dtype=torch.float64, requires_grad=True)
x = torch.tensor([[2.0, 1.0, -1.0], [4.0, -2.0, 0.0]], dtype=torch.float64)
t = torch.tensor([[15.0, 3.0, 1.0]], dtype=torch.float64)
opt = torch.optim.Adam([A], lr=0.01)
for _ in range(3):
    opt.zero_grad()
    loss = 0.5 * ((A @ x - t) ** 2).sum()
    loss.backward()
    opt.step()
print(json.dumps(A.detach().flatten().tolist()))
`;
  const r = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`torch failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as number[];
}

const mode = (page: Page, m: 'reverse' | 'forward' | 'training') => page.getByRole('combobox', { name: 'Playback mode' }).selectOption(m);
const bar = (page: Page) => page.getByRole('region', { name: 'Backprop playback' });

/** The last number of a written-out line ("… = -4.159"). */
const lastNumber = (s: string | null) =>
  Number(
    (s ?? '')
      .replace(/\u2212/g, '-')
      .split('=')
      .at(-1),
  );

async function loadP3(page: Page): Promise<void> {
  const buffer = await readFile('public/examples/p3-linear-mse-update.json');
  await openFile(page, 'p3.json', buffer);
  await node(page, 'L').waitFor();
}

describe('forward mode and training in the playback bar', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => {
    ({ page } = suite);
  });

  it('steps forward mode on P1 to the output, whose tangent is P1’s reverse-mode gradient b1 = −6 ln 2', async () => {
    await mode(page, 'forward');
    await expectText(page, 'playback-position', 'ḟ 0 / 7');
    for (let i = 0; i < 7; i++) await bar(page).getByRole('button', { name: 'Step forward' }).click();
    await expectText(page, 'playback-position', 'ḟ 7 / 7');
    const last = await page.getByTestId('tangent-explanation').getAttribute('data-text');
    const b1 = await page.getByTestId('edge-grad-x-add-a').textContent();
    expect(lastNumber(last)).toBeCloseTo(-6 * Math.LN2, 3);
    expect(lastNumber(last)).toBe(lastNumber(b1));
    await expect(page.getByTestId('mode-costs-line').textContent()).resolves.toContain('reverse mode takes 2 passes');
    await shot(page, 'playbar-forward-1440x900');
  });

  it('runs 3 Adam steps on P3; the update written out ends at torch.optim.Adam’s A[0]', async () => {
    await mode(page, 'reverse');
    await page.getByRole('button', { name: 'Forward mode', exact: true }).click();
    await loadP3(page);
    await mode(page, 'training');
    const steps = bar(page).getByRole('textbox', { name: 'Steps to run' });
    await steps.fill('3');
    await bar(page).getByRole('button', { name: 'Run 3 steps' }).click();
    await expectText(page, 'training-position', 'step 3');
    const truth = torchAdamP3();
    const theta = page.getByTestId('train-line').last();
    await expect(theta.getAttribute('data-name')).resolves.toBe('θ');
    expect(Number(await theta.getAttribute('data-value'))).toBeCloseTo(truth[0], 12);
    await expect(page.getByRole('region', { name: 'Explanation' }).locator('.katex').count()).resolves.toBeGreaterThan(3);
    await shot(page, 'playbar-training-1440x900');
    expect(suite.errors).toEqual([]);
  });

  it('fits a phone (390 × 844) in both modes', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'playbar-training-390x844');
    await mode(page, 'forward');
    for (let i = 0; i < 4; i++) await bar(page).getByRole('button', { name: 'Step forward' }).click();
    await expectText(page, 'playback-position', 'ḟ 4 / 5');
    await shot(page, 'playbar-forward-390x844');
    const box = await bar(page).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(suite.errors).toEqual([]);
  });
});
