import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, startHarness, type Harness } from './harness';
import { expectText, node, zoomOf } from './page-helpers';

type Rect = { left: number; top: number; right: number; bottom: number };
const overlap = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Builds a graph from a formula in the formula box (after clearing the document). */
async function build(page: Page, formula: string, values: string): Promise<void> {
  if (await page.getByTestId('open-menu').isVisible()) await page.getByTestId('open-menu').click();
  await page.getByRole('button', { name: 'New graph', exact: true }).click();
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
  await page.getByRole('textbox', { name: 'Formula' }).fill(formula);
  await page.getByRole('textbox', { name: 'Input values' }).fill(values);
  await page.getByRole('button', { name: 'Build graph' }).click();
}

describe.each([
  [1440, 900],
  [390, 844],
] as const)('a node with an error at %i × %i', (width, height) => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ width, height });
    page = await h.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(h.url);
    await node(page, 'mul').waitFor();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ln of a negative input: a one-line badge overlapping no other node; selected, the whole message on top, ≥ 12 px', async () => {
    await build(page, 'log(x) * y + exp(y)', 'x=-2, y=3');
    await expectText(page, 'status-output', 'invalid');
    const ln = page.locator('.react-flow__node:has(.op-node__symbol:text-is("ln"))');
    await expect.poll(() => ln.locator('.op-node__error-brief').textContent()).toBe('outside domain');
    await page.waitForTimeout(400);
    const boxes = await page.locator('.react-flow__node').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute('data-id'), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    );
    expect(boxes).toHaveLength(6);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlap(a, b), `${a.id} over ${b.id}`).toBe(false);
    // Every badge's words are whole, on one line.
    const badges = await page.locator('.op-node__error').evaluateAll((els) =>
      els.map((e) => ({
        text: e.textContent,
        clipped: e.querySelector('.op-node__error-brief')!.scrollWidth > e.querySelector('.op-node__error-brief')!.clientWidth + 1,
        height: e.getBoundingClientRect().height,
      })),
    );
    expect(badges.map((b) => b.clipped)).toEqual([false, false, false]);
    const tip = ln.locator('.op-node__error-tip');
    expect(await tip.isVisible()).toBe(false);
    await shot(page, `readable-error-${width}x${height}`);

    await ln.locator('.op-node__main').click();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe('log of a non-positive number: -2');
    const seen = () =>
      tip.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const canvas = document.querySelector('.canvas')!.getBoundingClientRect();
        const points = [
          // Inside the rounded corners.
          [r.left + 8, r.top + 8],
          [r.right - 8, r.bottom - 8],
          [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
        ];
        // The tip lets clicks through to what is under it; for the hit test it takes them, to say what is painted on top.
        el.style.pointerEvents = 'auto';
        const top = points.map(([x, y]) =>
          el.contains(document.elementFromPoint(x, y)) ? 'tip' : document.elementFromPoint(x, y)?.className,
        );
        el.style.pointerEvents = '';
        return {
          onTop: top,
          inCanvas: r.left >= canvas.left && r.right <= canvas.right && r.top >= canvas.top && r.bottom <= canvas.bottom,
          clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
          font: parseFloat(getComputedStyle(el).fontSize),
        };
      });
    await shot(page, `readable-error-${width}x${height}-selected`);
    await expect.poll(seen).toMatchObject({ inCanvas: true, onTop: ['tip', 'tip', 'tip'], clipped: false });
    expect((await seen()).font * (await zoomOf(page))).toBeGreaterThanOrEqual(12);
    expect(errors).toEqual([]);
  });
});
