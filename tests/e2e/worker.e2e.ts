import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/graph/analyze';
import { parseDocument } from '../../src/graph/load';
import type { GraphDocument } from '../../src/graph/schema';
import type { Tensor } from '../../src/tensor/tensor';
import { openEditorSuite, shot } from './harness';
import { expectText, inspector, jumpToNode, node, openFile, selectNode } from './page-helpers';

const STOPPED = 'Evaluation stopped; edit or press Run to evaluate again';

async function vgg(): Promise<GraphDocument> {
  const res = parseDocument(await readFile('public/examples/p9-vgg-shapes.json', 'utf8'));
  if (!res.ok) throw new Error('the VGG example does not load');
  return res.doc;
}

/** The VGG example on a smaller image (a few seconds per evaluation, still in the worker) filled with a constant. */
const smallVgg = (doc: GraphDocument, constant: number): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) =>
    n.id === 'image' ? { ...n, value: { shape: [3, 128, 128], init: 'constant' as const, scale: constant } } : n,
  ),
});

/** The status after a worker evaluation; the page is cross-origin isolated, so helper threads may share the products. */
const EVALUATED_IN_WORKER = /^evaluated in .* \(worker(, \d threads)?\)$/;

const runs = async (page: Page): Promise<number> => Number(await page.getByTestId('eval-status').getAttribute('data-runs'));

async function open(page: Page, doc: GraphDocument, name: string): Promise<void> {
  await openFile(page, name, doc);
  await node(page, 'image').waitFor({ state: 'attached' });
}

/** Waits (up to two minutes: the machine may be busy) until the worker's results are on screen. */
async function waitEvaluated(page: Page): Promise<void> {
  await page.getByTestId('eval-status').filter({ hasText: EVALUATED_IN_WORKER }).waitFor({ timeout: 120_000 });
}

/** The statistics the inspector shows for the selected node's value, to every digit. */
const shownStats = (page: Page) =>
  inspector(page)
    .getByTestId('inspector-value')
    .locator('dd[title]')
    .evaluateAll((dds) => dds.map((d) => Number(d.getAttribute('title'))));

function stats(t: Tensor): number[] {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sq = 0;
  for (const v of t.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sq += v * v;
  }
  return [min, max, sum / t.data.length, Math.sqrt(sq)];
}

describe('heavy evaluations in the worker, in Chromium', () => {
  const suite = openEditorSuite();
  const errors = suite.errors;
  let page: Page;
  let base: GraphDocument;
  beforeAll(async () => {
    base = await vgg();
    ({ page } = suite);
  });

  it('three quick edits of a heavy graph cost at most two evaluations, and the last edit is what is shown', async () => {
    const before = await runs(page);
    const t0 = Date.now();
    await open(page, smallVgg(base, 1), 'vgg-128.json');
    const afterOpen = await runs(page);
    expect(afterOpen).toBe(before + 1);
    await selectNode(page, 'image');
    const constant = inspector(page).getByLabel('Constant', { exact: true });
    for (const c of ['2', '3', '4']) await constant.fill(c);
    await waitEvaluated(page);
    const forEdits = (await runs(page)) - afterOpen;
    console.log(
      `open + 3 edits of VGG on 3×128×128: ${afterOpen - before} + ${forEdits} evaluations, ${Date.now() - t0} ms until the results were shown`,
    );
    expect(forEdits).toBeGreaterThanOrEqual(1);
    expect(forEdits).toBeLessThanOrEqual(2);
    // The results are those of the last edit, as the engine computes them here in Node.
    await jumpToNode(page, 'pool4');
    const truth = analyze(smallVgg(base, 4)).byId.get('pool4')?.value as Tensor;
    const stale = analyze(smallVgg(base, 3)).byId.get('pool4')?.value as Tensor;
    expect(stats(truth)).not.toEqual(stats(stale));
    expect(await shownStats(page)).toEqual(stats(truth));
    // Every core shared the products (this machine's cores, up to the worker's own and 3 helpers),
    // and the statistics above still equal Node's single-threaded ones to every digit.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    if (cores > 1) await expectText(page, 'eval-status', new RegExp(`\\(worker, ${Math.min(cores, 4)} threads\\)$`));
    expect(errors).toEqual([]);
  });

  it('a label or title edit shows at once and evaluates nothing', async () => {
    const count = await runs(page);
    const label = inspector(page).getByLabel('Label', { exact: true });
    await label.fill('last pool');
    await expectText(page, 'eval-status', EVALUATED_IN_WORKER);
    await node(page, 'pool4').getByText('last pool').waitFor();
    await label.blur();
    await page.keyboard.press('Escape');
    await inspector(page).getByLabel('Title', { exact: true }).fill('VGG, renamed');
    await page.waitForTimeout(1500);
    expect(await runs(page)).toBe(count);
    expect(await page.getByTestId('eval-status').textContent()).toMatch(EVALUATED_IN_WORKER);
    expect(errors).toEqual([]);
  });

  it('Stop cancels a long evaluation of the full VGG, leaves the editor responsive and says how to evaluate again', async () => {
    await open(page, base, 'vgg.json');
    const stop = page.getByRole('button', { name: 'Stop evaluation' });
    await stop.waitFor({ timeout: 10_000 });
    await expectText(page, 'eval-progress', /^Evaluating…\d+(\.\d)? sStop$/);
    expect(page.workers().length).toBeGreaterThan(0);
    await shot(page, 'worker-stop-1440x900');
    for (const [width, height] of [
      [768, 1024],
      [390, 844],
    ]) {
      await page.setViewportSize({ width, height });
      await stop.waitFor();
      await shot(page, `worker-stop-${width}x${height}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    const closed = new Promise<void>((resolve) => page.workers()[0].once('close', () => resolve()));
    // From the keyboard: the button takes focus and Enter presses it.
    await stop.focus();
    await page.keyboard.press('Enter');
    await closed;
    await page.getByRole('status').filter({ hasText: STOPPED }).waitFor();
    await expectText(page, 'eval-status', 'evaluation stopped');
    await shot(page, 'worker-stopped-1440x900');
    // Responsive: a frame is painted at once, and a click selects a node.
    const frameMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t = performance.now();
          requestAnimationFrame(() => resolve(performance.now() - t));
        }),
    );
    expect(frameMs).toBeLessThan(500);
    await selectNode(page, 'conv1');
    await expect.poll(() => inspector(page).getByLabel('Label', { exact: true }).getAttribute('placeholder')).toMatch(/automatic/);
    // Run starts it again; Stop again so the test does not wait for it.
    const count = await runs(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await stop.waitFor({ timeout: 10_000 });
    expect(await runs(page)).toBe(count + 1);
    await stop.click();
    await page.getByRole('status').filter({ hasText: STOPPED }).waitFor();
    expect(errors).toEqual([]);
  });
});
