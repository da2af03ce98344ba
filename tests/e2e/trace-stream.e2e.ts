import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/graph/analyze';
import { parseDocument, serializeDocument } from '../../src/graph/load';
import type { GraphDocument } from '../../src/graph/schema';
import type { Tensor } from '../../src/tensor/tensor';
import { openEditorSuite, shot } from './harness';
import { inspector, node, selectNode } from './page-helpers';

async function vgg(): Promise<GraphDocument> {
  const res = parseDocument(await readFile('public/examples/p9-vgg-shapes.json', 'utf8'));
  if (!res.ok) throw new Error('the VGG example does not load');
  return res.doc;
}

/** The example's first layer on its own: the same image and the same conv1 (its weights come from its own seed). */
const firstLayer = (doc: GraphDocument): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.filter((n) => n.id === 'image' || n.id === 'conv1'),
  edges: doc.edges.filter((e) => e.source === 'image' && e.target === 'conv1'),
  output: 'conv1',
});

/** What the inspector lists for the selected node, term by definition. */
async function facts(page: Page): Promise<Record<string, string>> {
  const dl = inspector(page).getByRole('region', { name: 'Results' }).locator('dl.facts__list');
  const pairs = await dl.evaluate((list) => {
    const out: [string, string][] = [];
    list.querySelectorAll('dt').forEach((dt) => out.push([dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']));
    return out;
  });
  return Object.fromEntries(pairs.map(([k, v]) => [k.trim(), v.trim()]));
}

/** Steps run, from the playback bar's "step / total". */
const position = async (page: Page): Promise<number> =>
  Number((await page.getByTestId('playback-position').textContent())?.split(' / ')[0]);

describe('VGG playback streamed from the worker, in Chromium', () => {
  const suite = openEditorSuite();
  let page: Page;
  let doc: GraphDocument;
  beforeAll(async () => {
    doc = await vgg();
    ({ page } = suite);
  });

  it('shows shapes and costs at once, plays the first steps while the worker computes the rest, and stays responsive', async () => {
    const t0 = Date.now();
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'vgg.json', mimeType: 'application/json', buffer: Buffer.from(serializeDocument(doc)) });
    await node(page, 'image').waitFor({ state: 'attached' });

    // Shapes and costs from the plan, before any value: the exam's answers for conv1.
    await selectNode(page, 'conv1');
    await expect.poll(() => page.getByTestId('eval-status').textContent()).toBe('evaluating…');
    const before = await facts(page);
    expect(before.shape).toBe('64×320×320');
    expect(before.params).toBe('1,792');
    expect(await inspector(page).getByTestId('inspector-value').textContent()).toBe('still computing (shape and cost below are final)');
    const shapesMs = Date.now() - t0;

    // Playback starts on the steps already computed; the bar says the rest are coming.
    await page.getByTestId('trace-progress').waitFor({ timeout: 30_000 });
    // The "Opened P9" notice covers the playback bar at this size: put it away, as a learner would.
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect.poll(() => position(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const firstMs = Date.now() - t0;
    await expect.poll(() => position(page), { timeout: 240_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    const conv1Ms = Date.now() - t0;
    expect(await page.getByTestId('eval-status').textContent()).toBe('evaluating…');
    await shot(page, 'trace-stream-playing-1440x900');

    // The page answers while the worker runs: a frame at once, and a click selects a node.
    const frameMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t = performance.now();
          requestAnimationFrame(() => resolve(performance.now() - t));
        }),
    );
    expect(frameMs).toBeLessThan(500);
    const c0 = Date.now();
    await selectNode(page, 'relu2');
    await expect.poll(() => facts(page).then((f) => f.shape)).toBe('128×160×160');
    const clickMs = Date.now() - c0;
    expect(clickMs).toBeLessThan(5_000);

    // Back to step 2, conv1: its card summarizes the tensor the engine computes here in Node.
    await page.getByRole('button', { name: 'Pause' }).click();
    const scrubber = page.getByRole('slider', { name: 'Step' });
    await scrubber.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => position(page)).toBe(2);
    const card = page.getByTestId('step-card');
    await expect.poll(() => card.getByRole('heading', { level: 3 }).textContent()).toMatch(/^Step 2 of 26 · forward · f2 · /);
    const truth = analyze(firstLayer(doc)).byId.get('conv1')?.value as Tensor;
    let [min, max, sum] = [Infinity, -Infinity, 0];
    for (const v of truth.data) [min, max, sum] = [Math.min(min, v), Math.max(max, v), sum + v];
    // The card summarises the step's operand (the image, f1) and then its own tensor, f2.
    const own = card.getByTestId('step-summary').and(card.getByLabel('f2, summarized'));
    const shown = await own.locator('dd').allTextContents();
    const titles = await own.locator('dd[title]').evaluateAll((dds) => dds.map((d) => Number(d.getAttribute('title'))));
    expect(shown[0]).toBe('64×320×320');
    expect(titles.slice(0, 2)).toEqual([min, max]);
    expect(titles[2]).toBeCloseTo(sum / truth.data.length, 12);
    console.log(
      `VGG (3×320×320): shapes and costs shown ${shapesMs} ms after open; playback step 1 at ${firstMs} ms, step 2 (conv1) at ${conv1Ms} ms; a click answered in ${clickMs} ms, a frame in ${frameMs.toFixed(0)} ms`,
    );

    // The values follow: every step arrives, the progress goes, and the output's value shows.
    await page
      .getByTestId('eval-status')
      .filter({ hasText: /^evaluated in .* \(worker(, \d threads)?\)$/ })
      .waitFor({ timeout: 600_000 });
    await expect.poll(() => page.getByTestId('trace-progress').count()).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('playback-position').textContent()).toBe('26 / 26');
    console.log(`VGG: every step and value in ${Date.now() - t0} ms`);
    await shot(page, 'trace-stream-done-1440x900');
    expect(suite.errors).toEqual([]);
  }, 900_000);
});
