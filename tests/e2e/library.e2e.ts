import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/graph/load';
import type { GraphDocument } from '../../src/graph/schema';
import { encodeShare } from '../../src/export/share';
import { shot, startHarness, type Harness } from './harness';
import { libraryEntries, nodesOf } from './library-helpers';
import { connectPorts, docNodeIds, dragOpToCanvas, expectText, selectNode, valueField } from './page-helpers';

/** The user's own graph, exactly: x = 3, y = −5, their product; what no link may ever touch. */
const OWN_NODES = [
  ['x', 'input', 3],
  ['y', 'input', -5],
  ['mul1', 'mul', null],
];
const OWN = 'My own work';

async function p1(): Promise<GraphDocument> {
  const res = parseDocument(await readFile('public/examples/p1-backprop.json', 'utf8'));
  if (!res.ok) throw new Error('P1 should load');
  return res.doc;
}

/** Two different links a colleague might send: P1 at x = 3 (A) and at x = 5 (B). */
async function linkDoc(name: 'A' | 'B'): Promise<GraphDocument> {
  const doc = await p1();
  return { ...doc, title: `Link ${name}`, nodes: doc.nodes.map((n) => (n.id === 'x' ? { ...n, value: name === 'A' ? 3 : 5 } : n)) };
}

describe('My documents in Chromium: links, tabs and reloads never lose the user’s work', () => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  const link = async (name: 'A' | 'B') => `${h.url}#g=${encodeShare(await linkDoc(name))}`;
  const watch = (p: Page) => p.on('pageerror', (e) => errors.push(e.message));

  /** The own entry in the library, and its exact nodes. */
  async function ownEntry(p: Page) {
    const own = (await libraryEntries(p)).filter((e) => e.title === OWN);
    expect(own).toHaveLength(1);
    return { ...own[0], nodes: nodesOf(own[0].text) };
  }

  async function openInNewTab(url: string, title: string): Promise<Page> {
    const tab = await h.newPage();
    watch(tab);
    await tab.goto(url);
    await tab.getByRole('region', { name: 'Shared link' }).getByText(`Opened the shared graph “${title}” as a new document`).waitFor();
    return tab;
  }

  const libraryDialog = (p: Page) => p.getByRole('dialog', { name: 'My documents' });

  beforeAll(async () => {
    h = await startHarness();
    page = await h.newPage();
    watch(page);
    await page.goto(h.url);
    await page.locator('.react-flow__node[data-id="mul"]').waitFor();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('builds the user’s own graph in a new document and names it in My documents', async () => {
    await page.getByRole('button', { name: 'New graph' }).click();
    await page.getByText('New graph. Drag an op from the palette').waitFor();
    expect(await docNodeIds(page)).toEqual([]);
    await dragOpToCanvas(page, 'Input', 0.25, 0.3);
    await dragOpToCanvas(page, 'Input', 0.25, 0.6);
    await dragOpToCanvas(page, 'Multiply', 0.6, 0.45);
    await connectPorts(page, 'x', 'mul1', 'a');
    await connectPorts(page, 'y', 'mul1', 'b');
    await selectNode(page, 'x');
    await valueField(page).fill('3');
    await selectNode(page, 'y');
    await valueField(page).fill('-4');
    await expectText(page, 'status-output', '−12');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'My documents' }).click();
    const dialog = libraryDialog(page);
    await dialog.getByRole('button', { name: 'Rename “Untitled graph”' }).click();
    await dialog.getByRole('textbox', { name: 'New name for “Untitled graph”' }).fill(OWN);
    await page.keyboard.press('Enter');
    await dialog.getByRole('listitem', { name: OWN }).getByText('Open now').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('keeps an edit made just before a reload', async () => {
    await selectNode(page, 'y');
    await valueField(page).fill('-5');
    await page.reload();
    await expectText(page, 'edge-value-y-mul1-b', 'f2 = −5');
    await expectText(page, 'status-output', '−15');
    expect(await page.locator('.header__title').textContent()).toBe(OWN);
    expect((await ownEntry(page)).nodes).toEqual(OWN_NODES);
  });

  it('opens link A, then link B, then link A again, each in a new tab, each as a new document', async () => {
    const a1 = await openInNewTab(await link('A'), 'Link A');
    await expectText(a1, 'edge-value-x-add-a', 'f1 = 3');
    await a1.close();
    const b = await openInNewTab(await link('B'), 'Link B');
    await expectText(b, 'edge-value-x-add-a', 'f1 = 5');
    await b.reload();
    await expectText(b, 'edge-value-x-add-a', 'f1 = 5');
    await b.close();
    const a2 = await openInNewTab(await link('A'), 'Link A');
    // This tab edits its copy of A while the first tab edits the own graph: neither clobbers the other.
    await selectNode(a2, 'z');
    await valueField(a2).fill('7');
    await selectNode(page, 'x');
    await valueField(page).fill('2');
    await expectText(page, 'status-output', '−10');
    await valueField(page).fill('3');
    await expectText(a2, 'edge-value-z-mul-a', 'f3 = 7');
    await a2.reload();
    await expectText(a2, 'edge-value-z-mul-a', 'f3 = 7');
    await a2.close();
    const titles = (await libraryEntries(page)).map((e) => e.title).sort();
    expect(titles).toEqual(['Link A', 'Link A', 'Link B', OWN, 'P1. Backprop on f = z · 2^(x − y)']);
    const own = await ownEntry(page);
    expect(own.nodes).toEqual(OWN_NODES);
    expect(own.source.kind).toBe('new');
    await expectText(page, 'status-output', '−15');
  });

  it('opens link A pasted into the address bar of the open editor at once, keeping the own graph', async () => {
    await selectNode(page, 'y');
    await valueField(page).fill('-6');
    const url = await link('A');
    await page.evaluate(
      (hash) => {
        location.hash = hash;
      },
      url.slice(url.indexOf('#')),
    );
    await page.getByRole('region', { name: 'Shared link' }).getByText('Opened the shared graph “Link A” as a new document').waitFor();
    await expectText(page, 'edge-value-x-add-a', 'f1 = 3');
    expect(await page.evaluate(() => location.hash)).toBe('');
    await shot(page, 'library-link-banner');
    // The edit made just before the link arrived is in the own document.
    expect((await ownEntry(page)).nodes).toEqual([
      ['x', 'input', 3],
      ['y', 'input', -6],
      ['mul1', 'mul', null],
    ]);
    await page.reload();
    await expectText(page, 'edge-value-x-add-a', 'f1 = 3');
    expect(await page.locator('.header__title').textContent()).toBe('Link A');
    await shot(page, 'library-after-hashchange');
  });

  it('a bad link pasted into the address bar changes nothing and says why', async () => {
    // By id: an autosave of where a view looks may reorder the list, and changes no content.
    const contents = async () =>
      (await libraryEntries(page))
        .map((e) => ({ id: e.id, title: e.title, nodes: e.problems ? e.text : nodesOf(e.text) }))
        .sort((a, b) => a.id.localeCompare(b.id));
    const before = await contents();
    const url = await link('B');
    await page.evaluate(
      (hash) => {
        location.hash = hash;
      },
      url.slice(0, url.length / 2).slice(url.indexOf('#')),
    );
    await page.getByRole('alert').filter({ hasText: 'This shared link could not be opened' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('damaged or truncated');
    await expectText(page, 'edge-value-x-add-a', 'f1 = 3');
    expect(await contents()).toEqual(before);
    await page.getByRole('button', { name: 'Dismiss message' }).click();
  });

  it('goes back to the own graph from My documents, exactly as it was, and a reload keeps it open', async () => {
    await page.keyboard.press('Shift+D');
    const dialog = libraryDialog(page);
    await dialog.getByRole('button', { name: `Open “${OWN}”` }).click();
    await expectText(page, 'edge-value-y-mul1-b', 'f2 = −6');
    await expectText(page, 'status-output', '−18');
    expect(await docNodeIds(page)).toEqual(['x', 'y', 'mul1']);
    await page.reload();
    await expectText(page, 'status-output', '−18');
    expect(await page.locator('.header__title').textContent()).toBe(OWN);
  });

  it('lists every document, refreshes when another tab adds one, and deletes with Undo', async () => {
    await page.keyboard.press('Shift+D');
    const dialog = libraryDialog(page);
    const items = dialog.getByRole('list', { name: 'Documents' }).getByRole('listitem');
    await dialog.getByRole('listitem', { name: OWN }).waitFor();
    expect(await items.count()).toBe(6);
    expect(await dialog.getByRole('listitem', { name: OWN }).textContent()).toContain('3 nodes');
    // Another tab opens link B: this tab's open list shows it without being reopened.
    const b = await openInNewTab(await link('B'), 'Link B');
    await b.close();
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(7);
    const doomed = dialog.getByRole('listitem', { name: 'Link B' }).first();
    const before = await libraryEntries(page);
    await doomed.getByRole('button', { name: 'Delete “Link B”' }).click();
    await expect.poll(() => items.count()).toBe(6);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => items.count()).toBe(7);
    expect(await libraryEntries(page)).toEqual(before);
    await page.keyboard.press('Escape');
  });

  it('keeps an unreadable autosave from before the library, marked, with its raw text to download', async () => {
    const raw = '{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"a"}],"edges":[]}';
    await page.evaluate((text) => localStorage.setItem('backprop-studio.autosave.unreadable', text), raw);
    await page.reload();
    await expectText(page, 'status-output', '−18');
    expect(await page.evaluate(() => localStorage.getItem('backprop-studio.autosave.unreadable'))).toBeNull();
    await page.keyboard.press('Shift+D');
    const row = libraryDialog(page).getByRole('listitem', { name: 'Unreadable autosave' });
    await row.getByText('Why: nodes[0].op').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Download “Unreadable autosave”' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('unreadable-autosave.json');
    expect(await readFile(await download.path(), 'utf8')).toBe(raw);
    await page.keyboard.press('Escape');
  });

  it('shows the panel at desktop, tablet and phone sizes', async () => {
    for (const [w, hgt] of [
      [1440, 900],
      [768, 1024],
      [390, 844],
    ]) {
      await page.setViewportSize({ width: w, height: hgt });
      // Below 1000 px the toolbar is the Menu drawer.
      if (w < 1000) await page.getByRole('button', { name: 'Menu', exact: true }).click();
      await page.getByRole('button', { name: 'My documents' }).click();
      const dialog = libraryDialog(page);
      await dialog.getByRole('listitem', { name: OWN }).waitFor();
      await shot(page, `library-${w}x${hgt}`);
      // The whole dialog is on screen: nothing cut off at either side or at the top.
      const box = await dialog.boundingBox();
      if (!box) throw new Error('the dialog has no box');
      expect([box.x >= 0, box.x + box.width <= w, box.y >= 0, box.y + box.height <= hgt], JSON.stringify(box)).toEqual([
        true,
        true,
        true,
        true,
      ]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('ends with the own graph intact and listed beside every opened link', async () => {
    const entries = await libraryEntries(page);
    expect(entries.map((e) => e.title).sort()).toEqual([
      'Link A',
      'Link A',
      'Link A',
      'Link B',
      'Link B',
      OWN,
      'P1. Backprop on f = z · 2^(x − y)',
      'Unreadable autosave',
    ]);
    expect((await ownEntry(page)).nodes).toEqual([
      ['x', 'input', 3],
      ['y', 'input', -6],
      ['mul1', 'mul', null],
    ]);
    const own = JSON.parse((await ownEntry(page)).text) as GraphDocument;
    expect(own.edges).toEqual([
      { source: 'x', target: 'mul1', port: 'a' },
      { source: 'y', target: 'mul1', port: 'b' },
    ]);
    expect(errors).toEqual([]);
  });
});
