import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/graph/load';
import { encodeShare } from '../../src/export/share';
import { shot, startHarness, type Harness } from './harness';
import { audit, blocking, countByImpact } from './a11y-helpers';
import { expectText, node } from './page-helpers';

/** What has keyboard focus: a node's id, a palette item's op, or the element's accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return {
      node: a?.classList.contains('react-flow__node') ? (a.dataset.id ?? '') : null,
      op: a?.classList.contains('palette__item') ? (a.dataset.op ?? '') : null,
      region: a?.closest('aside[aria-label], section[aria-label], main[aria-label]')?.getAttribute('aria-label') ?? null,
    };
  });

const boxOf = async (page: Page, id: string) => {
  const b = await node(page, id).boundingBox();
  if (!b) throw new Error(`node ${id} has no box`);
  return b;
};

/** Every axe count this suite saw, by page: printed at the end for the report. */
const counts: Record<string, Record<string, number>> = {};

async function expectClean(page: Page, name: string): Promise<void> {
  const findings = await audit(page);
  counts[name] = countByImpact(findings);
  expect(blocking(findings), `serious or critical axe findings on ${name}`).toEqual([]);
}

describe('keyboard and screen readers in Chromium (1440 × 900)', () => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  const fresh = async () => {
    await page.goto(h.url);
    await node(page, 'mul').waitFor();
  };
  beforeAll(async () => {
    h = await startHarness();
    page = await h.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await fresh();
  });
  afterAll(async () => {
    console.log(`axe counts by impact: ${JSON.stringify(counts)}`);
    await h?.close();
  });

  it('the editor with P1 has no serious or critical axe findings, nor with a node selected', async () => {
    await expectClean(page, 'editor');
    await node(page, 'mul').locator('.op-node__main').click();
    await expectClean(page, 'editor, node selected');
  });

  it('reaches the first node in a handful of Tab presses, and in two through the skip link', async () => {
    await fresh();
    let presses = 0;
    while ((await focused(page)).node === null && presses < 80) {
      await page.keyboard.press('Tab');
      presses++;
    }
    // Before: 59-72, every palette item came first. Now: 4 skip links, the toolbar's 12, the
    // palette's search and its one item stop, P1's 6 edges, then the node.
    expect(presses).toBeLessThanOrEqual(25);
    await fresh();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the canvas');
    await shot(page, 'a11y-skip-link');
    await page.keyboard.press('Enter');
    expect((await focused(page)).node).toBe('x');
  });

  it('each skip link lands in its area', async () => {
    for (const [id, region] of [
      ['palette', 'Op palette'],
      ['inspector', 'Inspector'],
      ['playback', 'Backprop playback'],
    ] as const) {
      await page.getByTestId(`skip-${id}`).focus();
      await page.keyboard.press('Enter');
      expect((await focused(page)).region, id).toBe(region);
    }
  });

  it('the palette is one Tab stop; the arrow keys move within it', async () => {
    await page.getByTestId('skip-palette').focus();
    await page.keyboard.press('Enter');
    expect((await focused(page)).op).toBe('input');
    expect(await page.locator('.palette__item[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    const second = (await focused(page)).op;
    expect(second).not.toBe('input');
    await page.keyboard.press('End');
    const last = await page.locator('.palette__item').last().getAttribute('data-op');
    expect((await focused(page)).op).toBe(last);
    await page.keyboard.press('Tab');
    expect((await focused(page)).op).toBeNull();
    // The stop stays where the user left it.
    expect(await page.locator('.palette__item[tabindex="0"]').getAttribute('data-op')).toBe(last);
  });

  it('on a focused node the arrow keys move it; , and . step playback', async () => {
    await fresh();
    await page.getByTestId('skip-canvas').focus();
    await page.keyboard.press('Enter');
    expect((await focused(page)).node).toBe('x');
    const zoom = await page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
    const before = await boxOf(page, 'x');
    const position = await page.getByTestId('playback-position').textContent();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const after = await boxOf(page, 'x');
    // React Flow nudges 5 canvas px a press: 20 right and 5 down, times the zoom on screen.
    expect(after.x - before.x).toBeCloseTo(20 * zoom, 0);
    expect(after.y - before.y).toBeCloseTo(5 * zoom, 0);
    expect(await page.getByTestId('playback-position').textContent()).toBe(position);
    await page.keyboard.press('.');
    await page.keyboard.press('.');
    await expectText(page, 'playback-position', /^2 \/ 14$/);
    await page.keyboard.press(',');
    await expectText(page, 'playback-position', /^1 \/ 14$/);
    expect((await focused(page)).node).toBe('x');
    await shot(page, 'a11y-moved-and-stepped');
  });

  it('after a quick-add the new node has focus, beside the selection and clear of every other node', async () => {
    await fresh();
    await page.getByTestId('skip-canvas').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('a');
    await page.keyboard.type('Negate');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).node ?? 'x').not.toBe('x');
    const added = (await focused(page)).node ?? '';
    expect(added).not.toBe('');
    const [x, mine] = [await boxOf(page, 'x'), await boxOf(page, added)];
    expect(mine.x).toBeGreaterThan(x.x + x.width);
    const others = await page
      .locator('.react-flow__node')
      .evaluateAll(
        (els, id) => els.filter((e) => (e as HTMLElement).dataset.id !== id).map((e) => e.getBoundingClientRect().toJSON() as DOMRect),
        added,
      );
    for (const o of others)
      expect(mine.x >= o.right || o.x >= mine.x + mine.width || mine.y >= o.bottom || o.y >= mine.y + mine.height, JSON.stringify(o)).toBe(
        true,
      );
    // A second add does not land on the first.
    await page.keyboard.press('a');
    await page.keyboard.type('Negate');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).node ?? added).not.toBe(added);
    const next = await boxOf(page, (await focused(page)).node ?? '');
    expect(next.x >= mine.x + mine.width || next.y >= mine.y + mine.height || mine.y >= next.y + next.height).toBe(true);
    await shot(page, 'a11y-quick-add');
  });

  it('the exam sheet, the gallery and the shortcuts sheet have no serious or critical axe findings', async () => {
    await fresh();
    await page.getByRole('button', { name: 'Exam sheet' }).click();
    await page.getByRole('dialog', { name: 'Exam sheet' }).getByTestId('exam-figure').waitFor();
    await expectClean(page, 'exam sheet');
    await shot(page, 'a11y-exam');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Exam sheet' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('dialog', { name: /Examples/ }).waitFor();
    await expectClean(page, 'gallery');
    await shot(page, 'a11y-gallery');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectClean(page, 'shortcuts');
    expect(await page.getByRole('row', { name: /Move a node/ }).textContent()).toContain('Arrow keys on a focused node');
    expect(await page.getByRole('row', { name: /Step forward/ }).textContent()).toContain('.');
  });

  it('the embed view has no serious or critical axe findings', async () => {
    const res = parseDocument(await readFile('public/examples/p1-backprop.json', 'utf8'));
    if (!res.ok) throw new Error('P1 should load');
    const embed = await h.newPage();
    await embed.setViewportSize({ width: 800, height: 450 });
    await embed.goto(`${h.url}?embed=1#g=${encodeShare(res.doc)}`);
    await node(embed, 'mul').waitFor();
    await expectClean(embed, 'embed');
    await shot(embed, 'a11y-embed');
    await embed.close();
    expect(errors).toEqual([]);
  });
});
