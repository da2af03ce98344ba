import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot } from './harness';
import { docNodeIds, inspector, selectNode } from './page-helpers';

describe('the ResNet-18 block example: batch norm’s running statistics, applied', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('opens from the gallery, shows bn1’s running statistics and carries the updated ones into the document', async () => {
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByRole('button', { name: 'Open ResNet-18, first stage: a residual basic block' }).click();
    await expect.poll(() => docNodeIds(page)).toContain('bn1');
    await selectNode(page, 'bn1');
    const table = inspector(page).getByTestId('running-stats');
    // 64 channels: the first 8 listed, read from PyTorch's start values 0 and 1, and the updated ones beside them.
    await expect.poll(() => table.locator('tbody tr').count()).toBe(8);
    expect(await table.locator('tfoot').textContent()).toContain('56 more channels');
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(expect.arrayContaining(['0', '1']));
    await shot(page, 'layers-examples-01-running-stats');
    await inspector(page).getByRole('button', { name: 'Apply running stats' }).click();
    await expect.poll(() => docNodeIds(page)).toEqual(expect.arrayContaining(['bn1_mean', 'bn1_var']));
    // The next pass reads the applied statistics: the first column is no longer PyTorch's start value.
    await selectNode(page, 'bn1');
    await expect.poll(async () => (await table.locator('tbody tr').first().locator('td').allTextContents())[1]).not.toBe('1');
    await shot(page, 'layers-examples-02-applied');
    expect(suite.errors).toEqual([]);
  });
});
