import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { toPyTorchScript } from '../../src/export/pytorch/export';
import { formatLabel as fmt } from '../../src/format/number';
import { parseDocument } from '../../src/graph/load';
import { runPython } from '../python';
import { tempDir } from '../tmp';
import { openEditorSuite, shot } from './harness';
import { docNodeIds, expectText, focusCanvas, inspector, node, selectNode } from './page-helpers';

const X = 0.7;
const Y = -1.3;
const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const swish = (u: number) => u * sigmoid(u);
const dSwish = (u: number) => sigmoid(u) + u * sigmoid(u) * (1 - sigmoid(u));

/** The full-precision value an edge label carries in its title ("forward f3 = 0.4677…"). */
async function edgeValue(page: Page, key: string): Promise<number> {
  const title = (await page.getByTestId(`edge-value-${key}`).getAttribute('title')) ?? '';
  return Number(/= (\S+)$/.exec(title)?.[1]);
}

/**
 * swish(u) = u · sigmoid(u), defined in the function panel and used twice in
 * f = swish(x · y) + swish(x) at x = 0.7, y = −1.3, in Chromium: values against closed forms, a
 * call expanded in place and collapsed, playback through its body, forward mode, and the exports.
 * Ids: x f1, y f2, call2 = swish(x) f3, mul1 = x · y f4, call1 = swish(x · y) f5, add1 f6.
 */
describe('user-defined functions in the editor', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(async () => {
    ({ page } = suite);
    await suite.h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.h.url });
  });

  it('defines swish in the function panel and builds a graph that calls it twice; values match the closed forms', async () => {
    await focusCanvas(page);
    await page.keyboard.press('Escape');
    const panel = page.getByRole('region', { name: 'Functions' });
    await panel.getByLabel('function name').fill('swish');
    await panel.getByLabel('function args').fill('u');
    await panel.getByLabel('function body').fill('u * sigmoid(u)');
    await expect(panel.getByLabel('body preview').textContent()).resolves.toBe('g2 = sigmoid(u)g3 = u * g2');
    await panel.getByRole('button', { name: 'Define' }).click();
    await panel.getByText('swish(u) = u * sigmoid(u)').waitFor();

    await page.getByLabel('Formula', { exact: true }).fill('swish(x*y) + swish(x)');
    await page.getByLabel('Input values').fill(`x=${X}, y=${Y}`);
    await page.getByLabel('Formula', { exact: true }).press('Enter');
    await expect.poll(() => docNodeIds(page)).toEqual(['x', 'y', 'mul1', 'call1', 'call2', 'add1']);
    await expectText(page, 'edge-value-call2-add1-b', `f3 = ${fmt(swish(X))}`);
    expect(await edgeValue(page, 'call2-add1-b')).toBeCloseTo(swish(X), 14);
    expect(await edgeValue(page, 'call1-add1-a')).toBeCloseTo(swish(X * Y), 14);
    await expectText(page, 'edge-grad-x-call2-u', `b1 = ${fmt(dSwish(X * Y) * Y + dSwish(X))}`);
    await shot(page, 'functions-collapsed');
  });

  it('expands a call in place: the body’s nodes appear in a frame, numbered f5, f6 in the call’s place, and play step by step', async () => {
    await selectNode(page, 'call1');
    await inspector(page).getByRole('button', { name: 'Expand: step through the body' }).click();
    await node(page, 'call1/sigmoid1').waitFor();
    await expect(page.getByTestId('frame-call1').textContent()).resolves.toContain('swish(u)');
    await expect(page.getByTestId('frame-call1').textContent()).resolves.toContain('Read-only view of the body');
    // x · y feeds both uses of u inside the body; the body's output feeds add1, now f7.
    await expectText(page, 'edge-value-mul1-call1/sigmoid1-u', `f4 = ${fmt(X * Y)}`);
    await expectText(page, 'edge-value-call1/sigmoid1-call1/mul1-b', `f5 = ${fmt(sigmoid(X * Y))}`);
    expect(await edgeValue(page, 'call1/mul1-add1-a')).toBeCloseTo(swish(X * Y), 14);
    await expectText(page, 'edge-grad-call1/sigmoid1-call1/mul1-b', `b5 = ${fmt(X * Y)}`);
    await shot(page, 'functions-expanded');

    // Playback steps through the inner nodes: step 5 computes sigmoid inside the body.
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await focusCanvas(page);
    await page.keyboard.press('Home');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expectText(page, 'playback-position', /^5 \/ 14$/);
    await expect.poll(() => page.getByTestId('node-call1/sigmoid1').getAttribute('aria-current')).toBe('step');
    await shot(page, 'functions-expanded-playback');
    await page.keyboard.press('Escape');
  });

  it('at 390 × 844 the expanded frame and its nodes are drawn and legible', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    await shot(page, 'functions-expanded-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('f');
  });

  it('collapses the call: the body’s nodes disappear and the call is one node again', async () => {
    await page.getByRole('button', { name: 'Collapse swish' }).click();
    await expect.poll(() => page.locator('.react-flow__node[data-id^="call1/"]').count()).toBe(0);
    await expect(page.getByTestId('frame-call1').count()).resolves.toBe(0);
    await node(page, 'call1').waitFor();
    await expectText(page, 'edge-value-call1-add1-a', `f5 = ${fmt(swish(X * Y))}`);
  });

  it('plays forward mode through both calls: the output tangent equals the reverse gradient', async () => {
    await page.getByRole('button', { name: 'Forward mode' }).click();
    const panel = page.getByRole('region', { name: 'Forward mode' });
    await panel.getByRole('combobox', { name: 'Derivative target' }).selectOption('x');
    const d = fmt(dSwish(X * Y) * Y + dSwish(X));
    await expectText(page, 'forward-result', `df6/dx = ${d} · reverse mode: b1 = ${d}`);
    // Stepped in the playback bar, in numbering order: the call's tangent is not known until its step has run.
    await panel.getByRole('button', { name: 'Step through in the playback bar' }).click();
    await expectText(page, 'playback-position', 'ḟ 0 / 6');
    await expectText(page, 'edge-tangent-call1-add1-a', 'ḟ5 = ?');
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: 'Step forward' }).click();
    await expectText(page, 'playback-position', 'ḟ 6 / 6');
    await expectText(page, 'edge-tangent-call1-add1-a', `ḟ5 = ${fmt(dSwish(X * Y) * Y)}`);
    await shot(page, 'functions-forward');
    await page.getByRole('combobox', { name: 'Playback mode' }).selectOption('reverse');
    await page.getByRole('button', { name: 'Forward mode' }).click();
  });

  it('exports: the saved document’s PyTorch script defines swish and agrees under torch; a share link round-trips', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as JSON' }).click()]);
    const parsed = parseDocument(await readFile((await download.path()) as string, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.doc.functions).toEqual([{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }]);
    const script = toPyTorchScript(parsed.doc);
    expect(script).toContain('def swish(u):\n    f2 = torch.sigmoid(u)\n    f3 = u * f2\n    return f3');
    const dir = tempDir('functions-e2e-');
    await writeFile(join(dir, 'functions.py'), script);
    const run = await runPython(join(dir, 'functions.py'));
    expect(run.output.trim()).toMatch(/^ok /);
    expect(run.status).toBe(0);

    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const other = await suite.h.newPage();
    await other.goto(link);
    await other.locator('.react-flow__node[data-id="call1"]').waitFor();
    expect(await edgeValue(other, 'call1-add1-a')).toBeCloseTo(swish(X * Y), 14);
    await other.getByRole('region', { name: 'Functions' }).getByText('swish(u) = u * sigmoid(u)').waitFor();
    await other.close();
  });

  it('makes a function from a selection at 390 × 844 (Shift+M): one call in its place, the value unchanged', async () => {
    await page.getByLabel('Formula', { exact: true }).fill('x * sigmoid(x) + y');
    await page.getByLabel('Formula', { exact: true }).press('Enter');
    await expect.poll(() => docNodeIds(page)).toEqual(['x', 'y', 'sigmoid1', 'mul1', 'add1']);
    await expectText(page, 'edge-value-mul1-add1-a', `f4 = ${fmt(swish(X))}`);
    await selectNode(page, 'sigmoid1');
    await node(page, 'mul1')
      .locator('.op-node__main')
      .click({ modifiers: ['Control'] });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.keyboard.press('Shift+M');
    const dialog = page.getByRole('dialog', { name: 'Make function' });
    await dialog.getByLabel('function name').fill('sw');
    await expect(dialog.getByTestId('make-function-preview').textContent()).resolves.toBe('sw(x) = x * sigmoid(x)');
    await shot(page, 'functions-make-phone');
    await dialog.getByRole('button', { name: 'Make function', exact: true }).click();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.keyboard.press('f');
    await expect.poll(() => docNodeIds(page)).toEqual(['x', 'y', 'add1', 'call1']);
    await expectText(page, 'edge-value-call1-add1-a', `f3 = ${fmt(swish(X))}`);
    expect(await edgeValue(page, 'call1-add1-a')).toBe(X * sigmoid(X));
    expect(suite.errors).toEqual([]);
  });
});
