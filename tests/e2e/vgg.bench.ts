/**
 * Browser benchmark of the P9 VGG example (run by `npm run bench:vgg`, after a build): opens it in
 * Chromium on the cross-origin isolated preview server, so the evaluation worker has its helper
 * threads, and prints the status bar's evaluation time for the first evaluation and for three
 * re-evaluations (the image, a constant, edited), in float64 and then in fast float32 mode. Prints the
 * figures; never fails on them.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { parseDocument } from '../../src/graph/load';
import { startHarness } from './harness';
import { inspector, node, openFile, selectNode } from './page-helpers';

const EXAMPLE = 'public/examples/p9-vgg-shapes.json';

/** The status bar's text once an evaluation has finished in the worker. */
async function evaluated(page: Page, after: number): Promise<string> {
  const status = page.getByTestId('eval-status');
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="eval-status"]');
      return Number(el?.getAttribute('data-runs')) > n && /^evaluated in/.test(el?.textContent ?? '');
    },
    after,
    { timeout: 300_000 },
  );
  return (await status.textContent()) ?? '';
}

const runs = async (page: Page): Promise<number> => Number(await page.getByTestId('eval-status').getAttribute('data-runs'));

const loaded = parseDocument(await readFile(EXAMPLE, 'utf8'));
if (!loaded.ok) throw new Error(`${EXAMPLE} does not load`);
const h = await startHarness();
const page = await h.newPage();
await page.goto(h.url);
const cores = await page.evaluate(() => navigator.hardwareConcurrency);
const isolated = await page.evaluate(() => crossOriginIsolated);
const lines: string[] = [];
let count = await runs(page);
// The example's image is zeros; a constant one can be edited from the inspector to re-evaluate.
const doc = {
  ...loaded.doc,
  nodes: loaded.doc.nodes.map((n) =>
    n.id === 'image' ? { ...n, value: { shape: [3, 320, 320], init: 'constant' as const, scale: 1 } } : n,
  ),
};
await openFile(page, 'vgg.json', doc);
await node(page, 'image').waitFor({ state: 'attached' });
lines.push(`first evaluation after opening: ${await evaluated(page, count)}`);
await selectNode(page, 'image');
for (const mode of ['float64', 'fast float32']) {
  if (mode === 'fast float32') {
    count = await runs(page);
    await page.getByLabel('fast float32 mode').check();
    await evaluated(page, count);
  }
  for (const c of ['0.5', '0.25', '0.125']) {
    count = await runs(page);
    await inspector(page).getByLabel('Constant', { exact: true }).fill(c);
    lines.push(`${mode}, image constant ${c}: ${await evaluated(page, count)}`);
  }
}
console.log(
  `\nP9 VGG example (3×320×320) in Chromium ${h.context.browser()?.version() ?? ''}: ${cores} cores, cross-origin isolated ${isolated}`,
);
for (const l of lines) console.log(`  ${l}`);
await h.close();
