import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/graph/load';
import { encodeShare } from '../../src/export/share';
import { ARTIFACTS, openEditorSuite, shot, type Harness } from './harness';
import { libraryEntries, type StoredEntry } from './library-helpers';
import { docNodeIds, drag, centre, expectText, inspector, node, selectNode } from './page-helpers';

/** P1 with other numbers and a title of its own: what a colleague might send. */
async function sharedDoc() {
  const res = parseDocument(await readFile('public/examples/p1-backprop.json', 'utf8'));
  if (!res.ok) throw new Error('P1 should load');
  return { ...res.doc, title: 'Shared: P1 at x = 3', nodes: res.doc.nodes.map((n) => (n.id === 'x' ? { ...n, value: 3 } : n)) };
}

/** The text of each label in the exam figure: the SVG behind the <img>, read in the page. */
const figureLabels = (page: Page): Promise<Record<string, string>> =>
  page.getByTestId('exam-figure').evaluate((img) => {
    const src = img.getAttribute('src') ?? '';
    const xml = new DOMParser().parseFromString(decodeURIComponent(src.slice(src.indexOf(',') + 1)), 'image/svg+xml');
    return Object.fromEntries([...xml.querySelectorAll('text[data-key]')].map((t) => [t.getAttribute('data-key'), t.textContent]));
  });

async function waitForLabel(page: Page, key: string, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    last = (await figureLabels(page))[key] ?? '';
    if (last === text) return;
    await page.waitForTimeout(100);
  }
  expect(last, `label ${key}`).toBe(text);
}

describe('exam sheet, share links and the embed view in Chromium', () => {
  const suite = openEditorSuite();
  const errors = suite.errors;
  let h: Harness;
  let page: Page;
  beforeAll(() => ({ h, page } = suite));

  it('shows P1’s exact forms in the inspector', async () => {
    await selectNode(page, 'x');
    const b1 = inspector(page).getByTestId('exact-grad');
    await b1.locator('.katex').waitFor({ timeout: 20_000 });
    expect(await b1.getAttribute('data-text')).toBe('-6 ln 2');
    expect(await inspector(page).getByTestId('exact-analytic').getAttribute('data-text')).toBe('ln 2 · z · 2^(x - y)');
    await inspector(page).getByRole('region', { name: 'Exact forms' }).scrollIntoViewIfNeeded();
    await shot(page, 'exact-inspector');
  });

  it('opens the exam sheet, blanks every b and shows the student’s sheet', async () => {
    await page.getByRole('button', { name: 'Exam sheet' }).click();
    const dialog = page.getByRole('dialog', { name: 'Exam sheet' });
    await dialog.getByRole('heading', { name: 'P1. Backprop on f = z · 2^(x − y)' }).waitFor();
    await dialog.getByRole('button', { name: 'Blank all b' }).click();
    await waitForLabel(page, 'b1', 'b1 = ');
    expect(await dialog.getByRole('button', { name: 'Blank b1' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('exam-figure').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(200);
    await shot(page, 'exam-student');
  });

  it('switches to the answers, with exact forms, and toggles a blank by clicking it', async () => {
    await page.getByRole('button', { name: 'Answers' }).click();
    await waitForLabel(page, 'b1', 'b1 = −6 ln 2');
    await page.getByTestId('answer-key').getByRole('row', { name: 'b1 −6 ln 2 −4.159' }).waitFor();
    await shot(page, 'exam-answers');
    await page.locator('.exam-paper__title').click();
    await page.keyboard.press('a');
    expect(await page.getByRole('button', { name: 'Student' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('combobox', { name: 'Search ops to add' }).count()).toBe(0);
    await page.keyboard.press('a');
    await page.getByRole('button', { name: 'Blank f6' }).click();
    expect(await page.getByRole('button', { name: 'Blank f6' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Control+z');
    expect(await page.getByRole('button', { name: 'Blank f6' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('prints the sheet alone: one page for the student, the answer key on a second', async () => {
    const pages = async (name: string) => {
      const pdf = await page.pdf({ path: join(ARTIFACTS, `${name}.pdf`), format: 'A4' });
      return pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length;
    };
    await page.getByRole('button', { name: 'Student' }).click();
    expect(await pages('exam-print-student')).toBe(1);
    await page.getByRole('button', { name: 'Answers' }).click();
    expect(await pages('exam-print-answers')).toBe(2);
  });

  it('downloads the figure as a PNG at three times its size', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(download.suggestedFilename()).toBe('p1-backprop-on-f-z-2-x-y-answers.png');
    await download.saveAs(join(ARTIFACTS, 'exam-export.png'));
    const png = await readFile(join(ARTIFACTS, 'exam-export.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    // The SVG's size in CSS pixels is the printed size; the PNG is three times that.
    const size = await page
      .getByTestId('exam-figure')
      .evaluate((img) => [Number(img.getAttribute('width')), Number(img.getAttribute('height'))]);
    expect(width).toBe(Math.ceil(size[0] * 3));
    expect(height).toBe(Math.ceil(size[1] * 3));
    expect(png.length).toBeGreaterThan(20_000);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Exam sheet' }).waitFor({ state: 'detached' });
    // With the sheet closed, printing prints the editor as before.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app').isVisible()).toBe(true);
    await page.emulateMedia({ media: null });
  });

  it('opens a share link in a fresh page as a new document, the previous one a click away', async () => {
    const before = await libraryEntries(page);
    const fresh = await h.newPage();
    fresh.on('pageerror', (e) => errors.push(e.message));
    await fresh.goto(`${h.url}#g=${encodeShare(await sharedDoc())}`);
    await fresh
      .getByRole('region', { name: 'Shared link' })
      .getByText('Opened the shared graph “Shared: P1 at x = 3” as a new document in My documents; your own documents are unchanged.')
      .waitFor();
    await expectText(fresh, 'edge-value-x-add-a', 'f1 = 3');
    expect(await fresh.evaluate(() => location.hash)).toBe('');
    await shot(fresh, 'share-opened');
    const after = await libraryEntries(fresh);
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((e) => e.source.kind === 'link')?.title).toBe('Shared: P1 at x = 3');
    for (const e of before) expect(after.find((a) => a.id === e.id)?.text).toBe(e.text);
    await fresh.getByRole('button', { name: 'Back to “P1. Backprop on f = z · 2^(x − y)”' }).click();
    await expectText(fresh, 'edge-value-x-add-a', 'f1 = 2');
    await fresh.close();
  });

  it('refuses a broken link, listing why, with the old document intact', async () => {
    const fresh = await h.newPage();
    const before = await libraryEntries(page);
    const payload = encodeShare(await sharedDoc());
    await fresh.goto(`${h.url}#g=${payload.slice(0, payload.length / 2)}`);
    const alert = fresh.getByRole('alert');
    await alert.filter({ hasText: 'This shared link could not be opened' }).waitFor();
    expect(await alert.textContent()).toContain('damaged or truncated');
    await expectText(fresh, 'edge-value-x-add-a', 'f1 = 2');
    expect(await docNodeIds(fresh)).toEqual(['x', 'y', 'z', 'neg', 'add', 'pow2', 'mul']);
    await fresh.waitForTimeout(400);
    // Nothing added and no document changed (a tab that opens one may store where its view looks).
    const contents = (entries: StoredEntry[]) =>
      entries
        .map((e) => ({ id: e.id, title: e.title, doc: { ...JSON.parse(e.text), view: null } }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(contents(await libraryEntries(fresh))).toEqual(contents(before));
    await shot(fresh, 'share-broken');
    await fresh.close();
  });

  it('embeds a graph read-only for a course page', async () => {
    const embed = await h.newPage();
    embed.on('pageerror', (e) => errors.push(e.message));
    const saved = await libraryEntries(page);
    await embed.setViewportSize({ width: 960, height: 540 });
    await embed.goto(`${h.url}?embed=1#g=${encodeShare(await sharedDoc())}`);
    await expectText(embed, 'edge-value-x-add-a', 'f1 = 3');
    expect(await embed.getByRole('complementary').count()).toBe(0);
    expect(await embed.getByRole('toolbar').count()).toBe(0);
    const open = embed.getByRole('link', { name: 'Open in Backprop Studio' });
    expect(await open.getAttribute('href')).toMatch(/#g=[A-Za-z0-9+\-$]+$/);
    await embed.getByRole('region', { name: 'Backprop playback' }).waitFor();
    await shot(embed, 'embed');
    await embed.getByRole('button', { name: 'Step forward' }).click();
    await expectText(embed, 'playback-announcer', /.+/);
    // Dragging a node pans the view (both nodes move alike) but never moves it on its own.
    const offset = async () => {
      const [a, b] = [await centre(node(embed, 'mul')), await centre(node(embed, 'x'))];
      return { dx: Math.round(a.x - b.x), dy: Math.round(a.y - b.y) };
    };
    const before = await offset();
    const from = await centre(node(embed, 'mul'));
    await drag(embed, from, { x: from.x - 150, y: from.y + 60 });
    expect(await offset()).toEqual(before);
    await embed.waitForTimeout(400);
    expect(await libraryEntries(embed)).toEqual(saved);
    await embed.close();
    expect(errors).toEqual([]);
  });
});
