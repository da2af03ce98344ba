import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot } from './harness';
import { connectPorts, docNodeIds, dragOpToCanvas, inspector, selectNode } from './page-helpers';

/** Drags an op found by palette search onto the canvas and gives back the id of the node it made. */
async function place(page: Page, title: string, fx: number, fy: number): Promise<string> {
  const before = new Set(await docNodeIds(page));
  await page
    .getByRole('searchbox', { name: 'Search ops' })
    .or(page.getByRole('textbox', { name: 'Search ops' }))
    .fill(title);
  await dragOpToCanvas(page, title, fx, fy);
  await expect.poll(async () => (await docNodeIds(page)).filter((id) => !before.has(id)).length).toBe(1);
  return (await docNodeIds(page)).find((id) => !before.has(id)) as string;
}

describe('embedding, upsample and dropout in the editor', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('are in the palette, and the inspector shows their options', async () => {
    await page.getByRole('button', { name: 'New graph' }).click();
    await expect.poll(() => docNodeIds(page)).toEqual([]);
    const emb = await place(page, 'Embedding', 0.7, 0.2);
    await selectNode(page, emb);
    await expect.poll(() => inspector(page).getByLabel('padding row, no gradient (empty: none)').count()).toBe(1);
    const up = await place(page, 'Upsample', 0.7, 0.45);
    await selectNode(page, up);
    await expect.poll(() => inspector(page).getByLabel('align corners (bilinear only)').count()).toBe(1);
    await inspector(page).getByLabel('mode', { exact: true }).selectOption('bilinear');
    expect(suite.errors).toEqual([]);
  });

  it('dropout switches the document to train mode and draws the mask its value used', async () => {
    const x = await place(page, 'Input', 0.2, 0.75);
    await selectNode(page, x);
    await inspector(page).getByRole('radio', { name: 'Tensor' }).click();
    await inspector(page).getByRole('textbox', { name: 'Shape' }).fill('4, 6');
    const drop = await place(page, 'Dropout', 0.55, 0.75);
    await connectPorts(page, x, drop, 'x');
    await selectNode(page, drop);
    await inspector(page).getByLabel('document mode (every dropout)').selectOption('train');
    const mask = inspector(page).getByTestId('dropout-mask');
    await expect.poll(() => mask.locator('span').count()).toBe(24);
    const kept = await mask.locator('.mask-grid__kept').count();
    await expect
      .poll(() => inspector(page).getByTestId('dropout-kept').textContent())
      .toBe(`mask: ${kept} of 24 kept, scaled by 1/(1 − p)`);
    await shot(page, 'lookups-01-dropout-mask');
    await inspector(page).getByLabel('document mode (every dropout)').selectOption('eval');
    await expect.poll(() => mask.count()).toBe(0);
    expect(suite.errors).toEqual([]);
  });
});
