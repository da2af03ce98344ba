import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/graph/load';
import { heldOutAccuracy } from '../../src/graph/optim/accuracy';
import { decodeDataFile } from '../../src/graph/optim/data-file';
import { train } from '../../src/graph/optim/loop';
import { classifierOf } from '../../src/graph/optim/saliency';
import { formatLabel } from '../../src/format/number';
import type { GraphDocument } from '../../src/graph/schema';
import { openEditorSuite, shot } from './harness';
import { openFile, selectNode } from './page-helpers';

const flat = (doc: GraphDocument, id: string) => (doc.nodes.find((n) => n.id === id)?.value as { data?: number[] } | undefined)?.data;

describe('training the digits MLP in a worker', () => {
  const s = openEditorSuite();

  it('shows progress while the page stays responsive, stops on Stop keeping the parameters reached, and classifies the held-out digits', async () => {
    const res = parseDocument(await readFile('public/training/digits-mlp.json', 'utf8'));
    if (!res.ok) throw new Error('the digits example does not load');
    const digits = decodeDataFile(await readFile('public/data/digits.bin'));
    const { page } = s;
    await openFile(page, 'digits.json', res.doc);
    await page.locator('.react-flow__node[data-id="L"]').waitFor();
    await selectNode(page, 'L');
    const panel = page.getByRole('region', { name: 'Training in the background' });
    await panel.getByRole('textbox', { name: 'epochs' }).fill('200');
    await panel.getByRole('button', { name: 'Train', exact: true }).click();
    const status = panel.getByRole('status');
    const bar = panel.getByRole('progressbar', { name: 'Training progress' });
    await expect.poll(() => bar.getAttribute('max'), { timeout: 20_000 }).toBe('9000');
    await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThanOrEqual(50);
    expect(await status.textContent()).toMatch(/^training in the background: step \d+ of 9000 · epoch \d+ of 200 · loss [\d.]+/);
    // The main thread is free while the worker trains: a frame comes at once.
    const frameMs = await page.evaluate(
      () =>
        new Promise<number>((r) => {
          const t = performance.now();
          requestAnimationFrame(() => r(performance.now() - t));
        }),
    );
    expect(frameMs).toBeLessThan(200);
    await expect.poll(() => panel.locator('circle[data-epoch]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(page, 'train-worker-running-1440x900');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => status.getAttribute('data-status')).toBe('stopped');
    const done = Number(/step (\d+) of 9000/.exec((await status.textContent()) ?? '')?.[1]);
    expect(done).toBeGreaterThanOrEqual(50);
    expect(done).toBeLessThan(9000);
    // No more progress after Stop.
    await page.waitForTimeout(300);
    expect(Number(await bar.getAttribute('value'))).toBe(done);

    // The graph holds exactly the parameters the engine reaches in that many steps.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as JSON' }).click()]);
    const saved = parseDocument(await readFile((await download.path()) as string, 'utf8'));
    if (!saved.ok) throw new Error('the saved document does not load');
    const engine = train(res.doc, { steps: done, dataset: digits });
    expect(saved.doc.training?.steps).toBe(done);
    // Chromium's V8 and Node's may differ in the last bit of Math.exp or Math.pow: hundreds of Adam steps keep that far below 1e-9.
    const w1 = flat(saved.doc, 'W1') ?? [];
    const want = (engine.params.W1 as { data: Float64Array }).data;
    expect(w1).toHaveLength(want.length);
    const worst = Math.max(...w1.map((v, i) => Math.abs(v - want[i]) / Math.max(1e-3, Math.abs(want[i]))));
    expect(worst).toBeLessThan(1e-9);
    expect(flat(saved.doc, 'b2')).not.toEqual(new Array(10).fill(0));

    // The confusion matrix counts all 360 held-out digits, as the engine classifies them.
    const acc = heldOutAccuracy(engine.doc, digits);
    const table = panel.getByRole('table', { name: 'Confusion matrix of the held-out samples' });
    const cells = await table.locator('td[data-true]').allTextContents();
    expect(cells).toHaveLength(100);
    expect(cells.reduce((a, c) => a + Number(c), 0)).toBe(360);
    expect(cells.map(Number)).toEqual(acc.confusion.flat());
    expect(await status.textContent()).toContain(`held-out accuracy ${formatLabel((100 * acc.correct) / 360)}%`);
    const mistakes = panel.getByRole('figure', { name: 'Misclassified held-out digits' }).getByRole('button');
    expect(await mistakes.count()).toBe(Math.min(60, acc.mistakes.length));
    const first = acc.mistakes[0];
    expect(await mistakes.first().getAttribute('aria-label')).toBe(
      `sample ${first.index}: true ${first.label}, predicted ${first.predicted}`,
    );

    // Saliency on the first mistake: the heatmap's range is the largest |∂s_c/∂x| of the predicted class.
    await mistakes.first().click();
    const saliency = panel.getByRole('region', { name: 'Saliency' });
    const pixels = digits.fields.images.data.slice(first.index * 64, first.index * 64 + 64);
    const { grad } = classifierOf(engine.doc, digits).scoreGradient(pixels, first.predicted);
    const m = Math.max(...Array.from(grad, Math.abs));
    expect(await saliency.getByTestId('heat-max').textContent()).toBe(formatLabel(m));
    await saliency.getByRole('combobox', { name: 'target class T' }).selectOption(String(first.label));
    await saliency.getByRole('button', { name: 'Start ascent' }).click();
    const readout = saliency.getByTestId('ascent-readout');
    await expect
      .poll(async () => Number(/step (\d+)/.exec((await readout.textContent()) ?? '')?.[1]), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(5);
    await saliency.getByRole('button', { name: 'Stop ascent' }).click();
    const stoppedAt = await readout.textContent();
    await page.waitForTimeout(300);
    expect(await readout.textContent()).toBe(stoppedAt);
    await panel.scrollIntoViewIfNeeded();
    await table.scrollIntoViewIfNeeded();
    await shot(page, 'train-worker-stopped-1440x900');
    await saliency.scrollIntoViewIfNeeded();
    await shot(page, 'train-worker-saliency-1440x900');
    await page.setViewportSize({ width: 768, height: 1024 });
    // Below 1000 px the inspector is a drawer.
    await page.getByRole('button', { name: 'Inspect' }).click();
    await table.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await shot(page, 'train-worker-768x1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('the tiny CNN trains in the worker for its three epochs to the held-out accuracy the engine reaches (at least 90%) well within a minute', async () => {
    const res = parseDocument(await readFile('public/training/digits-cnn.json', 'utf8'));
    if (!res.ok) throw new Error('the CNN example does not load');
    const digits = decodeDataFile(await readFile('public/data/digits.bin'));
    const acc = heldOutAccuracy(train(res.doc, { steps: 135, dataset: digits }).doc, digits);
    expect(acc.correct / acc.total).toBeGreaterThanOrEqual(0.9);
    const { page } = s;
    await openFile(page, 'cnn.json', res.doc);
    await page.locator('.react-flow__node[data-id="conv"]').waitFor();
    await selectNode(page, 'L');
    const panel = page.getByRole('region', { name: 'Training in the background' });
    await panel.getByRole('textbox', { name: 'epochs' }).fill('3');
    const t0 = Date.now();
    await panel.getByRole('button', { name: 'Train', exact: true }).click();
    const status = panel.getByRole('status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('finished');
    const ms = Date.now() - t0;
    console.log(`digits CNN, 135 steps in the browser's worker: ${ms} ms`);
    expect(ms).toBeLessThan(60_000);
    expect(await status.textContent()).toContain(`step 135 of 135 · epoch 3 of 3`);
    expect(await status.textContent()).toContain(`held-out accuracy ${formatLabel((100 * acc.correct) / 360)}%`);
    const cells = await panel.locator('table td[data-true]').allTextContents();
    expect(cells.map(Number)).toEqual(acc.confusion.flat());
    expect(await panel.locator('circle[data-epoch]').count()).toBe(3);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'train-worker-cnn-1440x900');
    expect(s.errors).toEqual([]);
  }, 120_000);
});
