import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot } from './harness';
import { connectPorts, docNodeIds, dragOpToCanvas, handle, inspector, node, selectNode } from './page-helpers';

const note = (page: Page, id: string) => node(page, id).locator('.op-node__error-tip');

/** Drags an op onto the canvas and gives back the id of the node it made. */
async function place(page: Page, title: string, fx: number, fy: number): Promise<string> {
  const before = new Set(await docNodeIds(page));
  // The palette is long: searching brings the op into view.
  await page
    .getByRole('searchbox', { name: 'Search ops' })
    .or(page.getByRole('textbox', { name: 'Search ops' }))
    .fill(title);
  await dragOpToCanvas(page, title, fx, fy);
  await expect.poll(async () => (await docNodeIds(page)).filter((id) => !before.has(id)).length).toBe(1);
  return (await docNodeIds(page)).find((id) => !before.has(id)) as string;
}

/** An input holding a tensor of this many zeros. */
async function vector(page: Page, fy: number, n: number): Promise<string> {
  const id = await place(page, 'Input', 0.2, fy);
  await selectNode(page, id);
  await inspector(page).getByRole('radio', { name: 'Tensor' }).click();
  await inspector(page).getByRole('textbox', { name: 'Shape' }).fill(String(n));
  return id;
}

describe('concat shows a port per input, as many as its count', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('grows from two ports to three when the count is raised, and joins what is wired to them', async () => {
    await page.getByRole('button', { name: 'New graph' }).click();
    await expect.poll(() => docNodeIds(page)).toEqual([]);
    const cat = await place(page, 'Concat', 0.65, 0.45);
    expect(await handle(page, cat, 'x1').count()).toBe(1);
    expect(await handle(page, cat, 'x2').count()).toBe(0);
    await selectNode(page, cat);
    await inspector(page)
      .getByRole('textbox', { name: /number of inputs/ })
      .fill('3');
    await expect.poll(() => handle(page, cat, 'x2').count()).toBe(1);
    const sizes = [2, 1, 3];
    const inputs: string[] = [];
    for (const [j, n] of sizes.entries()) inputs.push(await vector(page, 0.2 + 0.25 * j, n));
    for (const [j, id] of inputs.entries()) await connectPorts(page, id, cat, `x${j}`);
    await expect.poll(() => note(page, cat).count()).toBe(0);
    await selectNode(page, cat);
    await expect.poll(() => inspector(page).textContent()).toMatch(/shape\s*6(?!\d)/);
    await shot(page, 'shape-ops-01-concat-three');
  });

  it('keeps the edge on x2 when the count is lowered, and says which count to set', async () => {
    const cat = (await docNodeIds(page)).find((id) => id.startsWith('concat')) as string;
    await selectNode(page, cat);
    await inspector(page)
      .getByRole('textbox', { name: /number of inputs/ })
      .fill('2');
    await expect
      .poll(() => note(page, cat).textContent())
      .toBe('concat has 2 inputs (count 2) but "x2" is connected: set count to 3 or remove that edge');
    await shot(page, 'shape-ops-02-count-lowered');
    expect(suite.errors).toEqual([]);
  });
});
