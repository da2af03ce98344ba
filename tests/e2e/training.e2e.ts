import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/graph/load';
import { train, withTraining } from '../../src/graph/optim/loop';
import { formatLabel } from '../../src/format/number';
import { heldOutAccuracy } from '../../src/graph/optim/accuracy';
import { decodeDataFile } from '../../src/graph/optim/data-file';
import { openEditorSuite, shot } from './harness';
import { openFile, selectNode } from './page-helpers';

describe('optimizer runs in the browser', () => {
  const s = openEditorSuite();

  it('P3: Adam and SGD with momentum overlaid, each legend entry the engine’s loss before and after 50 steps', async () => {
    const res = parseDocument(await readFile('public/examples/p3-linear-mse-update.json', 'utf8'));
    if (!res.ok) throw new Error('P3 does not load');
    const { page } = s;
    await openFile(page, 'p3.json', res.doc);
    await page.locator('.react-flow__node[data-id="L"]').waitFor();
    await selectNode(page, 'L');
    const runs = page.getByRole('region', { name: 'Optimizer runs' });
    await runs.getByRole('button', { name: 'Run', exact: true }).click();
    await runs.getByRole('combobox', { name: 'optimizer' }).selectOption('momentum');
    await runs.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => runs.locator('path[data-run]').count()).toBe(2);
    const expected = [
      ['Adam, lr 0.01', { name: 'adam' as const, lr: 0.01, weightDecay: 0, eps: 1e-8, betas: [0.9, 0.999] as [number, number] }],
      ['SGD + momentum, lr 0.01', { name: 'sgd' as const, lr: 0.01, weightDecay: 0, momentum: 0.9 }],
    ] as const;
    const legend = await runs.locator('.runs-chart__legend li').allTextContents();
    expect(legend.map((t) => t.trim())).toEqual(
      expected.map(([label, optimizer]) => {
        const losses = train(withTraining(res.doc, { optimizer }), { steps: 50 }).losses;
        return `${label}: ${formatLabel(losses[0])} → ${formatLabel(losses[50])}`;
      }),
    );
    await expect.poll(() => runs.locator('.update-card .katex').count()).toBeGreaterThan(0);
    await runs.scrollIntoViewIfNeeded();
    await shot(page, 'training-runs');
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('the digits MLP: 225 Adam steps in the page on the fetched data set reach the held-out accuracy the engine reaches (over 90%)', async () => {
    const res = parseDocument(await readFile('public/training/digits-mlp.json', 'utf8'));
    if (!res.ok) throw new Error('the digits example does not load');
    const digits = decodeDataFile(await readFile('public/data/digits.bin'));
    const engine = train(res.doc, { steps: 225, dataset: digits });
    const acc = heldOutAccuracy(engine.doc, digits);
    expect(acc.correct / acc.total).toBeGreaterThan(0.9);
    const { page } = s;
    await openFile(page, 'digits.json', res.doc);
    await page.locator('.react-flow__node[data-id="L"]').waitFor();
    await selectNode(page, 'L');
    const runs = page.getByRole('region', { name: 'Optimizer runs' });
    await runs.getByRole('button', { name: 'Clear runs' }).click();
    await runs.getByRole('combobox', { name: 'optimizer' }).selectOption('adam');
    await runs.getByRole('textbox', { name: 'learning rate η' }).fill('0.01');
    await runs.getByRole('textbox', { name: 'steps' }).fill('225');
    const t0 = Date.now();
    await runs.getByRole('button', { name: 'Run', exact: true }).click();
    const legend = runs.locator('.runs-chart__legend li');
    await legend.first().waitFor({ timeout: 60_000 });
    console.log(`digits MLP, 225 steps in the browser: ${Date.now() - t0} ms`);
    expect((await legend.first().textContent())?.trim()).toBe(
      `Adam, lr 0.01: ${formatLabel(engine.losses[0])} → ${formatLabel(engine.losses[225])}, held-out ${formatLabel((100 * acc.correct) / acc.total)}%`,
    );
    await runs.scrollIntoViewIfNeeded();
    await shot(page, 'training-digits');
    expect(s.errors).toEqual([]);
  }, 120_000);
});
