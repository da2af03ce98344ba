import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot, startHarness, type Harness } from './harness';
import { drag, emptyCanvasPoint, expectText, focusCanvas, node, openFile, selectNode } from './page-helpers';

async function loadExample(page: Page, file: string): Promise<void> {
  const buffer = await readFile(`public/examples/${file}`);
  await openFile(page, file, buffer);
}

/** Where the pulse on an edge is, in canvas coordinates, or null when none is on show. */
const pulseAt = (page: Page, edge: string) =>
  page.evaluate((id) => {
    const dot = document.querySelector<HTMLElement>(`.pulse[data-edge="${id}"]`);
    if (!dot || getComputedStyle(dot).visibility === 'hidden') return null;
    const m = /translate\(([-\d.e]+)px, ([-\d.e]+)px\)/.exec(dot.style.transform);
    return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
  }, edge);

const box = async (page: Page, testId: string) => {
  const b = await page.getByTestId(testId).boundingBox();
  if (!b) throw new Error(`${testId} is not drawn`);
  return { width: Math.round(b.width), height: Math.round(b.height) };
};

describe('Watching backprop happen, in Chromium', () => {
  const suite = openEditorSuite();
  const errors = suite.errors;
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('plays P1 at top speed to the end, b1 = −4.159 on the x edge, and a step back hides it again', async () => {
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
    await page.getByRole('button', { name: 'Play' }).click();
    await expectText(page, 'edge-grad-x-add-a', 'b1 = ?');
    await expectText(page, 'playback-position', '14 / 14');
    await expectText(page, 'edge-grad-x-add-a', 'b1 = −4.159');
    await expectText(page, 'edge-value-pow2-mul-b', 'f6 = 2');
    await expectText(page, 'playback-announcer', /^Step 14 of 14, backward: b1 = b5 · ∂f5\/∂f1 = .* = -4\.159$/);
    await page.getByRole('button', { name: 'Play' }).waitFor();
    await page.waitForTimeout(200);
    await shot(page, 'playback-final');
    await page.keyboard.press('ArrowLeft');
    await expectText(page, 'playback-position', '13 / 14');
    await expectText(page, 'edge-grad-x-add-a', 'b1 = ?');
    await expectText(page, 'edge-grad-y-neg-u', 'b2 = 4.159');
  });

  it('sends a pulse along each edge, forward from source to target; the number appears when it arrives, in a box of the same size', async () => {
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('0.5');
    await focusCanvas(page);
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expectText(page, 'edge-value-neg-add-b', 'f4 = −1');
    const before = await box(page, 'edge-value-add-pow2-u');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(500);
    const a = await pulseAt(page, 'add-pow2-u');
    await page.waitForTimeout(250);
    const b = await pulseAt(page, 'add-pow2-u');
    expect(a).not.toBeNull();
    expect(b?.x ?? 0).toBeGreaterThan(a?.x ?? 0);
    expect(await page.getByTestId('edge-value-add-pow2-u').textContent()).toBe('f5 = ?');
    expect(await page.getByTestId('node-add').getAttribute('aria-current')).toBe('step');
    await shot(page, 'playback-mid-forward');
    await expectText(page, 'edge-value-add-pow2-u', 'f5 = 1');
    expect(await box(page, 'edge-value-add-pow2-u')).toEqual(before);
    expect(await pulseAt(page, 'add-pow2-u')).toBeNull();
  });

  it('sends the gradient back from target to source', async () => {
    await page.getByRole('slider', { name: 'Step' }).fill('9');
    await focusCanvas(page);
    await expectText(page, 'edge-grad-pow2-mul-b', 'b6 = −3');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(500);
    const a = await pulseAt(page, 'add-pow2-u');
    await page.waitForTimeout(250);
    const b = await pulseAt(page, 'add-pow2-u');
    expect(b?.x ?? Infinity).toBeLessThan(a?.x ?? 0);
    expect(await page.getByTestId('edge-grad-add-pow2-u').textContent()).toBe('b5 = ?');
    await shot(page, 'playback-mid-backward');
    await expectText(page, 'edge-grad-add-pow2-u', 'b5 = −4.159');
  });

  it('P12: heatmaps on the tensor nodes; an input cell of the conv backward lists what feeds its gradient', async () => {
    await loadExample(page, 'p12-conv-gradient.json');
    await expectText(page, 'playback-position', 'all shown');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
    await page.getByRole('button', { name: 'Backward' }).click();
    await expectText(page, 'playback-position', '12 / 12');
    const panel = page.getByRole('region', { name: 'Explanation' });
    await panel.getByRole('button', { name: /^dX\[1,2\] = / }).click();
    const worked = panel.getByTestId('worked-cell');
    expect(await worked.textContent()).toMatch(
      /^dX\[1,2\] = W\[2,3\] dY\[1,1\] \+ W\[2,2\] dY\[1,2\] \+ W\[2,1\] dY\[1,3\] \+ W\[1,3\] dY\[2,1\] \+ W\[1,2\] dY\[2,2\] \+ W\[1,1\] dY\[2,3\]/,
    );
    expect(await node(page, 'X').locator('canvas.heatmap').count()).toBe(2);
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    const edge = await page.getByRole('separator', { name: 'Resize the explanation panel' }).boundingBox();
    if (!edge) throw new Error('no resize handle');
    await drag(page, { x: edge.x + 200, y: edge.y + 3 }, { x: edge.x + 200, y: edge.y - 120 });
    await page.getByRole('toolbar', { name: 'Editor commands' }).getByRole('button', { name: 'Fit view' }).click();
    await page.waitForTimeout(400);
    const from = await emptyCanvasPoint(page);
    await drag(page, from, { x: from.x, y: from.y + 30 });
    await panel.getByRole('region', { name: 'Worked cell' }).evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await shot(page, 'playback-p12-conv');
  });

  it('P13: the inspector plots an activation and its derivative, the input marked', async () => {
    await loadExample(page, 'p13-activations.json');
    await page.getByRole('button', { name: 'Close the explanation' }).click();
    await page.getByRole('toolbar', { name: 'Editor commands' }).getByRole('button', { name: 'Fit view' }).click();
    await page.waitForTimeout(300);
    await selectNode(page, 'sig');
    await page.getByTestId('plot-mark').waitFor();
    expect(await page.locator('.plot__readout').textContent()).toBe('u = −0.5 · f = 0.3775 · f′ = 0.235');
    await shot(page, 'playback-p13-plot');
    expect(errors).toEqual([]);
  });
});

describe('Playback with reduced motion', () => {
  let h: Harness;
  afterAll(async () => {
    await h?.close();
  });

  it('steps without pulses', async () => {
    h = await startHarness();
    const page = await h.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(h.url);
    await node(page, 'mul').waitFor();
    await focusCanvas(page);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('edge-value-x-add-a').textContent()).toBe('f1 = 2');
    expect(await pulseAt(page, 'x-add-a')).toBeNull();
    await expectText(page, 'playback-announcer', 'Step 1 of 14, forward: f1 = x = 2');
  });
});
