import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot } from './harness';
import { expectText, openFile } from './page-helpers';

/** P1 with labels and a title that would draw, link, run script or load an image if rendered as markup. */
async function hostileP1(): Promise<Buffer> {
  const doc = JSON.parse(await readFile('public/examples/p1-backprop.json', 'utf8'));
  const labels: Record<string, string> = {
    x: '\\rule{99em}{99em}',
    add: '<img src=x onerror="window.__pwned=1">',
    mul: '\\href{javascript:window.__pwned=1}{click}',
  };
  doc.title = '<script>window.__pwned=1</script>';
  doc.nodes = doc.nodes.map((nd: { id: string }) => (labels[nd.id] ? { ...nd, label: labels[nd.id] } : nd));
  return Buffer.from(JSON.stringify(doc));
}

describe('hostile labels in Chromium', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('shows labels and the title as text in the canvas and in the KaTeX explanation', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openFile(page, 'hostile.json', await hostileP1());
    await page.locator('.react-flow__node[data-id="x"]').getByText('\\rule{99em}{99em}').first().waitFor();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
    await page.getByRole('button', { name: 'Play' }).click();
    await expectText(page, 'playback-position', '14 / 14');
    const panel = page.getByRole('region', { name: 'Explanation' });
    await panel.locator('.katex').first().waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'hostile-labels-explained');
    expect(await panel.textContent()).toContain('\\rule{99em}{99em}');
    const found = await page.evaluate(() => ({
      rules: document.querySelectorAll('.katex-rule, .rule').length,
      links: document.querySelectorAll('a[href^="javascript"]').length,
      images: document.querySelectorAll('img[src="x"]').length,
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
      widest: Math.max(...[...document.querySelectorAll('.katex')].map((k) => k.getBoundingClientRect().width)),
    }));
    expect(found).toMatchObject({ rules: 0, links: 0, images: 0, pwned: 0 });
    expect(found.widest).toBeLessThan(1440);
    expect(dialogs).toEqual([]);
    expect(suite.errors).toEqual([]);
  });
});
