import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePage, shot, startHarness, type Harness } from './harness';
import { WELCOME_KEY } from '../../src/ui/welcome/first-visit';
import { STOPS } from '../../src/ui/welcome/tour';

/**
 * A page as a first visit sees it: the start screen not yet seen. The suite's pages share one
 * profile, so the mark an earlier test left is removed and the page loaded again.
 */
async function firstVisit(h: Harness, size: { width: number; height: number }): Promise<Page> {
  const page = await h.context.newPage();
  await preparePage(page, { firstVisit: true });
  await page.setViewportSize(size);
  await page.goto(h.url);
  await page.evaluate((key) => localStorage.removeItem(key), WELCOME_KEY);
  await page.reload();
  return page;
}

describe('the first visit: start screen and tour', () => {
  let h: Harness;
  const errors: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens on the start screen with the examples by topic, and not again once closed', async () => {
    const page = await firstVisit(h, { width: 1440, height: 900 });
    page.on('pageerror', (e) => errors.push(e.message));
    const welcome = page.getByRole('dialog', { name: 'Welcome to Backprop Studio' });
    await welcome.waitFor();
    for (const topic of ['Backprop by hand', 'CNN arithmetic', 'Layers, losses and norms', 'Your own functions'])
      await welcome.getByRole('heading', { name: topic }).waitFor();
    const cnn = welcome.getByRole('region', { name: 'CNN arithmetic' });
    expect(await cnn.getByRole('button', { name: /^P4\./ }).isVisible()).toBe(true);
    await shot(page, 'welcome-1440');
    await welcome.getByRole('button', { name: 'Start with P1' }).click();
    await welcome.waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('.react-flow__node[data-id="mul"]').waitFor();
    expect(await page.getByRole('dialog', { name: 'Welcome to Backprop Studio' }).count()).toBe(0);
    await page.close();
  });

  it('opens an example from the start screen as a new document', async () => {
    const page = await firstVisit(h, { width: 1440, height: 900 });
    const welcome = page.getByRole('dialog', { name: 'Welcome to Backprop Studio' });
    await welcome.getByRole('button', { name: /^P4\./ }).click();
    await page.locator('.header__title', { hasText: 'P4.' }).waitFor();
    await page.close();
  });

  it('tours the edge labels, Play, the inspector, the examples and the exam sheet, one stop at a time', async () => {
    const page = await firstVisit(h, { width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Take the tour (1 minute)' }).click();
    const popover = page.locator('.driver-popover');
    for (const [k, stop] of STOPS.entries()) {
      await popover.locator('.driver-popover-title', { hasText: stop.title }).waitFor();
      expect(await popover.locator('.driver-popover-progress-text').textContent()).toBe(`${k + 1} of ${STOPS.length}`);
      // The highlighted element is the one the stop is about.
      expect(await page.locator(`.driver-active-element`).evaluate((el, sel) => el.matches(sel), stop.selector)).toBe(true);
      if (k === 0) await shot(page, 'tour-1440-edge-labels');
      // The arrow keys step too; the first stop checks them, the rest use the buttons.
      if (k === 0) await page.keyboard.press('ArrowRight');
      else await popover.locator('.driver-popover-next-btn').click();
    }
    await popover.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a phone, points at what is on screen and keeps the rest of the tour within the screen', async () => {
    const page = await firstVisit(h, { width: 390, height: 844 });
    await page.getByRole('button', { name: 'Take the tour (1 minute)' }).click();
    const popover = page.locator('.driver-popover');
    for (const stop of STOPS) {
      await popover.locator('.driver-popover-title', { hasText: stop.title }).waitFor();
      const box = await popover.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y >= 0 && box.y + box.height <= 844).toBe(true);
      if (stop.selector.includes('Exam')) await shot(page, 'tour-390-exam-stop');
      await popover.locator('.driver-popover-next-btn').click();
    }
    await popover.waitFor({ state: 'detached' });
    await page.close();
  });
});
