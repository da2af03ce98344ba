import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, startHarness, type Harness } from './harness';
import { expectText, node, zoomOf } from './page-helpers';

type Rect = { left: number; top: number; right: number; bottom: number };
const overlap = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const rect = (page: Page, selector: string): Promise<Rect> =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    });

/** The smallest edge label text on screen, in CSS pixels: its font size times the zoom. */
async function smallestLabelPx(page: Page): Promise<number> {
  const sizes = await page
    .locator('.react-flow__edgelabel-renderer .edge-label')
    .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
  expect(sizes.length).toBeGreaterThan(0);
  return Math.min(...sizes) * (await zoomOf(page));
}

const SIZES = [
  [1440, 900],
  [1280, 720],
  [768, 1024],
  [390, 844],
] as const;

describe.each(SIZES)('nothing that matters hidden at %i × %i', (width, height) => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  const name = `never-hide-${width}x${height}`;
  beforeAll(async () => {
    h = await startHarness({ width, height });
    page = await h.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(h.url);
    await node(page, 'mul').waitFor();
    await page.waitForTimeout(300);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('edge labels are at least 12 px on screen at the default fit; no minimap over a 7-node graph', async () => {
    expect(await smallestLabelPx(page)).toBeGreaterThanOrEqual(12);
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    await shot(page, `${name}-p1`);
  });

  it('the document title in the header is not cut off when there is room for it', async () => {
    const title = page.locator('.header__title');
    if (width < 1000) return;
    const { scroll, client } = await title.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll, 'title text width vs its box').toBeLessThanOrEqual(client);
  });

  it('at step 14 of P1 the badge “◀ backward: b1” is in the canvas and under no overlay; “Show all” is whole', async () => {
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
    await page.getByRole('button', { name: 'Play' }).click();
    await expectText(page, 'playback-position', '14 / 14');
    await page.getByRole('button', { name: 'Play' }).waitFor();
    await page.waitForTimeout(700);
    const badge = page.locator('.op-node__step');
    expect(await badge.textContent()).toBe('◀ backward: b1');
    const b = await rect(page, '.op-node__step');
    const canvas = await rect(page, '.canvas .react-flow');
    expect(
      b.left >= canvas.left && b.right <= canvas.right && b.top >= canvas.top && b.bottom <= canvas.bottom,
      JSON.stringify({ b, canvas }),
    ).toBe(true);
    const overlays = await page
      .locator('.canvas .react-flow__panel, .node-list-toggle, .forward-toggle')
      .evaluateAll((els) => els.filter((e) => e.checkVisibility()).map((e) => e.getBoundingClientRect().toJSON() as Rect));
    for (const o of overlays) expect(overlap(b, o), `badge ${JSON.stringify(b)} under ${JSON.stringify(o)}`).toBe(false);
    const showAll = page.getByRole('button', { name: 'Show all' });
    const { scroll, client, right } = await showAll.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      right: el.getBoundingClientRect().right,
    }));
    expect(scroll).toBeLessThanOrEqual(client);
    expect(right).toBeLessThanOrEqual(width);
    await shot(page, `${name}-p1-step14`);
    expect(errors).toEqual([]);
  });
});
