import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, startHarness, type Harness } from './harness';
import { node, zoomOf } from './page-helpers';

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
    // At the readable zoom a phone shows P1 from its inputs; the output is a pan away.
    await node(page, 'x').waitFor();
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
    // At 8× the 14 steps take about 3 s; a loaded machine can take much longer.
    await expect.poll(() => page.getByTestId('playback-position').textContent(), { timeout: 60_000 }).toBe('14 / 14');
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
    // Whole inside the bar too: the bar clips what overflows it.
    expect(right).toBeLessThanOrEqual((await rect(page, '.playback')).right);
    await shot(page, `${name}-p1-step14`);
  });

  it('the status bar and the explanation’s header show whole everything they hold', async () => {
    for (const container of ['.statusbar', '.explain__head']) {
      const clipped = await page.locator(container).evaluate((box) => {
        const outer = box.getBoundingClientRect();
        return [...box.children]
          .filter((c) => c.checkVisibility())
          .map((c) => ({ text: c.textContent, r: c.getBoundingClientRect() }))
          .filter(({ r }) => r.left < outer.left - 0.5 || r.right > outer.right + 0.5 || r.bottom > outer.bottom + 0.5)
          .map(({ text, r }) => `${text} at ${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(outer.right)}`);
      });
      expect(clipped, container).toEqual([]);
    }
    await expect.poll(() => page.locator('.statusbar').getByTestId('status-output').isVisible()).toBe(true);
  });

  it('a notice covers neither the playback bar, the explanation nor the side panels', async () => {
    await page.getByRole('button', { name: 'Play' }).focus();
    await page.keyboard.press('Shift+C');
    const notice = page.locator('.notice');
    await notice.waitFor();
    const n = await rect(page, '.notice');
    expect(n.top).toBeGreaterThanOrEqual(0);
    expect(n.bottom).toBeLessThanOrEqual(height);
    for (const selector of ['.playback', '.explain', '.palette', '.inspector']) {
      const el = page.locator(selector).first();
      if ((await el.count()) === 0 || !(await el.isVisible())) continue;
      expect(overlap(n, await rect(page, selector)), `notice over ${selector}`).toBe(false);
    }
    await shot(page, `${name}-notice`);
    await page.getByRole('button', { name: 'Dismiss message' }).click();
  });

  it('the explanation panel’s resize handle stops short of the window’s edges: no page scroll, the canvas keeps its room', async () => {
    const handle = page.locator('.explain__resize');
    const scrolls = () => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight + window.scrollY);
    for (const y of [2, height - 2]) {
      const h0 = await handle.boundingBox();
      if (!h0) throw new Error('no resize handle');
      await page.mouse.move(h0.x + h0.width / 2, h0.y + 3);
      await page.mouse.down();
      await page.mouse.move(h0.x + h0.width / 2, y, { steps: 8 });
      await page.mouse.up();
      expect(await scrolls(), `page scroll after dragging to y = ${y}`).toBeLessThanOrEqual(0);
      const panel = await rect(page, '.explain');
      expect(panel.bottom).toBeLessThanOrEqual(height);
      expect(panel.bottom - panel.top).toBeGreaterThanOrEqual(120);
      const canvas = await rect(page, '.canvas');
      expect(canvas.bottom - canvas.top).toBeGreaterThanOrEqual(200);
    }
    expect(errors).toEqual([]);
  });
});

describe('a node showing an error at 1280 × 720', () => {
  let h: Harness;
  let page: Page;
  beforeAll(async () => {
    h = await startHarness({ width: 1280, height: 720 });
    page = await h.newPage();
    await page.goto(h.url);
    // At the readable zoom a phone shows P1 from its inputs; the output is a pan away.
    await node(page, 'x').waitFor();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps the width of its kind: a badge of a few words on one line, the whole message in its tip', async () => {
    await page.getByTestId('skip-canvas').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('a');
    await page.keyboard.type('Negate');
    await page.keyboard.press('Enter');
    const added = page.locator('.react-flow__node:has(.op-node--invalid)');
    await added.waitFor();
    const error = added.locator('.op-node__error');
    expect(await error.locator('.op-node__error-brief').textContent()).toBe('needs u');
    expect(await error.locator('.op-node__error-tip').textContent()).toBe('input "u" is not connected');
    const [mine, plain] = [await added.boundingBox(), await node(page, 'neg').boundingBox()];
    if (!mine || !plain) throw new Error('no node box');
    // Both are Negate nodes: the badge fits the node's own width instead of widening it (a node
    // that widened moved its handles, between a finger's two taps of a connection).
    expect(Math.abs(mine.width - plain.width)).toBeLessThanOrEqual(1);
    const clipped = await error.evaluate((el) => {
      const brief = el.querySelector('.op-node__error-brief') as HTMLElement;
      return brief.scrollWidth > brief.clientWidth + 1;
    });
    expect(clipped).toBe(false);
    const box = await error.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(mine.x + mine.width + 1);
    await shot(page, 'never-hide-error-node');
  });
});
