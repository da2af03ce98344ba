import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot } from './harness';
import { docNodeIds, expectText, focusCanvas, node, openFile, selectNode } from './page-helpers';

/**
 * Forward mode on P1 (f = z · 2^(x − y) at x = 2, y = 1, z = −3), in Chromium: tangents on the
 * edges, the output's tangent equal to the reverse-mode gradient (the hand-worked −6 ln 2 =
 * −4.159 for x), the step-through, LaTeX on the clipboard and the cost of both modes.
 */
describe('forward mode in the editor', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(async () => {
    ({ page } = suite);
    await suite.h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.h.url });
  });

  it('with x as the target, every edge shows ḟ_i and the output tangent equals b1 = −4.159', async () => {
    await page.getByRole('button', { name: 'Forward mode' }).click();
    const panel = page.getByRole('region', { name: 'Forward mode' });
    await expect(panel.getByRole('combobox', { name: 'Derivative target' }).inputValue()).resolves.toBe('x');
    await expectText(page, 'forward-result', 'df7/dx = −4.159 · reverse mode: b1 = −4.159');
    await expectText(page, 'edge-tangent-x-add-a', 'ḟ1 = 1');
    await expectText(page, 'edge-tangent-y-neg-u', 'ḟ2 = 0');
    await expectText(page, 'edge-tangent-pow2-mul-b', 'ḟ6 = 1.386');
    await shot(page, 'forward-mode-x');
  });

  it('switching the target to y re-derives every tangent: ḟ4 = −1, and d f7/dy = 4.159', async () => {
    await page.getByRole('combobox', { name: 'Derivative target' }).selectOption('y');
    await expectText(page, 'forward-result', 'df7/dy = 4.159 · reverse mode: b2 = 4.159');
    await expectText(page, 'edge-tangent-neg-add-b', 'ḟ4 = −1');
    await expectText(page, 'edge-tangent-x-add-a', 'ḟ1 = 0');
  });

  it('steps forward mode in the playback bar in numbering order: tangents not yet computed show “?”', async () => {
    await page.getByRole('button', { name: 'Step through in the playback bar' }).click();
    await expect(page.getByRole('combobox', { name: 'Playback mode' }).inputValue()).resolves.toBe('forward');
    await expectText(page, 'playback-position', 'ḟ 0 / 7');
    await expectText(page, 'edge-tangent-pow2-mul-b', 'ḟ6 = ?');
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step forward' }).click();
    await expectText(page, 'playback-position', 'ḟ 5 / 7');
    await expectText(page, 'edge-tangent-add-pow2-u', 'ḟ5 = −1');
    await expectText(page, 'edge-tangent-pow2-mul-b', 'ḟ6 = ?');
    await expect(page.getByTestId('tangent-explanation').getAttribute('data-text')).resolves.toBe(
      'ḟ5 = ∂f5/∂f1 · ḟ1 + ∂f5/∂f4 · ḟ4 = 1 · 0 + 1 · (-1) = -1',
    );
    await page.getByRole('button', { name: 'Step forward' }).click();
    await expectText(page, 'edge-tangent-pow2-mul-b', 'ḟ6 = −1.386');
  });

  it('copies a step (from the explanation) and the whole derivation (from the panel) as LaTeX', async () => {
    // The same shortcuts as reverse-mode playback: ← steps back.
    await focusCanvas(page);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expectText(page, 'playback-position', 'ḟ 4 / 7');
    await page.getByRole('button', { name: 'Copy LaTeX of step 4' }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      '\\dot{f}_{4} = \\frac{\\partial f_{4}}{\\partial f_{2}} \\cdot \\dot{f}_{2} = \\left(-1\\right) \\cdot 1 = -1',
    );
    await page.getByRole('button', { name: 'Copy derivation (align)' }).click();
    const block = await page.evaluate(() => navigator.clipboard.readText());
    expect(block.split('\n')).toEqual([
      '\\begin{align*}',
      '  \\dot{f}_{1} &= 0 \\\\',
      '  \\dot{f}_{2} &= \\frac{d y}{d y} = 1 \\\\',
      '  \\dot{f}_{3} &= 0 \\\\',
      '  \\dot{f}_{4} &= \\frac{\\partial f_{4}}{\\partial f_{2}} \\cdot \\dot{f}_{2} = \\left(-1\\right) \\cdot 1 = -1 \\\\',
      '  \\dot{f}_{5} &= \\frac{\\partial f_{5}}{\\partial f_{1}} \\cdot \\dot{f}_{1} + \\frac{\\partial f_{5}}{\\partial f_{4}} \\cdot \\dot{f}_{4} = 1 \\cdot 0 + 1 \\cdot \\left(-1\\right) = -1 \\\\',
      expect.stringMatching(/^ {2}\\dot\{f\}_\{6\} &= .* = -1\.386 \\\\$/),
      expect.stringMatching(/^ {2}\\dot\{f\}_\{7\} &= .* = 4\.15\d*$/),
      '\\end{align*}',
      '',
    ]);
    await page.getByRole('combobox', { name: 'Playback mode' }).selectOption('reverse');
    await page.getByRole('button', { name: 'Close the explanation' }).click();
  });

  it('compares the modes for P1: reverse 2 passes and 10 operations, forward 3 passes and 20', async () => {
    const rows = await page.getByTestId('mode-costs').locator('tbody tr').allTextContents();
    expect(rows).toEqual(['reverse2 (1 forward, 1 backward)10', 'forward3 (1 per input element)20']);
    await shot(page, 'forward-mode-steps');
    expect(suite.errors).toEqual([]);
  });

  it('the explanation panel copies a reverse-mode step, and the whole derivation as an align block', async () => {
    await page.getByRole('button', { name: 'Forward mode' }).click();
    await selectNode(page, 'pow2');
    await page.getByRole('button', { name: 'Explanation' }).click();
    const drawer = page.getByRole('region', { name: 'Explanation' });
    await drawer.getByRole('button', { name: 'Copy LaTeX of step 6' }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe('f_{6} = 2^{f_{5}} = 2^{1} = 2');
    await drawer.getByRole('button', { name: 'Copy the whole derivation as LaTeX (align)' }).click();
    const rows = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(rows).toHaveLength(14 + 3);
    expect(rows[1]).toBe('  f_{1} &= x = 2 \\\\');
    expect(rows[8]).toBe('  b_{7} &= 1 \\quad \\text{(the output: } \\frac{d f_{7}}{d f_{7}} = 1\\text{)} \\\\');
    expect(suite.errors).toEqual([]);
  });

  it('the notation switch writes gradients and tangents in Leibniz form on edges and in explanations', async () => {
    await page.getByRole('combobox', { name: 'Notation' }).selectOption('leibniz');
    await expectText(page, 'edge-grad-x-add-a', '∂f7/∂f1 = −4.159');
    const texts = await page.getByTestId('step-explanation').evaluateAll((els) => els.map((e) => e.getAttribute('data-text')));
    expect(texts).toContain('∂f7/∂f6 = ∂f7/∂f7 · ∂f7/∂f6 = 1 · (-3) = -3');
    await page.getByRole('button', { name: 'Forward mode' }).click();
    await expectText(page, 'edge-tangent-neg-add-b', '∂f4/∂y = −1');
    await page.getByRole('button', { name: 'Forward mode' }).click();
    await page.getByRole('combobox', { name: 'Notation' }).selectOption('exam');
    await expectText(page, 'edge-grad-x-add-a', 'b1 = −4.159');
  });

  it('the node list searches, jumps to a node, renames and deletes one (and undo brings it back)', async () => {
    await page.getByRole('button', { name: 'Nodes', exact: true }).click();
    const list = page.getByRole('region', { name: 'Node list' });
    await expectText(page, 'node-list-count', '7 nodes');
    await list.getByRole('searchbox', { name: 'Search nodes' }).fill('exp');
    await expectText(page, 'node-list-count', '1 of 7 nodes');
    await list.getByRole('searchbox', { name: 'Search nodes' }).fill('');
    await list.getByRole('button', { name: 'Jump to z' }).click();
    await expect(node(page, 'z').getAttribute('class')).resolves.toContain('selected');
    const pane = await page.locator('.react-flow').boundingBox();
    const box = await node(page, 'z').boundingBox();
    if (!pane || !box) throw new Error('not drawn');
    expect(Math.abs(box.x + box.width / 2 - (pane.x + pane.width / 2))).toBeLessThan(40);
    expect(Math.abs(box.y + box.height / 2 - (pane.y + pane.height / 2))).toBeLessThan(40);
    await list.getByRole('button', { name: 'Rename f6' }).click();
    await list.getByRole('textbox', { name: 'New name for f6' }).fill('g');
    await page.keyboard.press('Enter');
    await list.getByRole('button', { name: 'Jump to g' }).click();
    await expect(node(page, 'pow2').textContent()).resolves.toContain('g');
    await list.getByRole('button', { name: 'Delete f4' }).click();
    await expect.poll(() => docNodeIds(page)).not.toContain('neg');
    await focusCanvas(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => docNodeIds(page)).toContain('neg');
    await shot(page, 'node-list');
    expect(suite.errors).toEqual([]);
  });

  it('a tensor graph (P3: L = ½‖A·x − t‖²): one element of x moves; d L/d x[1] = (y − t)[1] · A[0] = −4 · 3 = −12, as reverse mode', async () => {
    const buffer = await readFile('public/examples/p3-linear-mse-update.json');
    await openFile(page, 'p3.json', buffer);
    await node(page, 'L').waitFor();
    await page.getByRole('button', { name: 'Forward mode' }).click();
    const panel = page.getByRole('region', { name: 'Forward mode' });
    await panel.getByRole('combobox', { name: 'Derivative target' }).selectOption('x');
    await panel.getByRole('spinbutton', { name: 'Target element' }).fill('1');
    await expectText(page, 'forward-result', 'df5/dx[1] = −12 · reverse mode: b2[1] = −12');
    await selectNode(page, 'y');
    await expect(page.getByTestId('selected-tangent').locator('li').allTextContents()).resolves.toEqual(['0', '3', '0']);
    await shot(page, 'forward-mode-tensor');
    expect(suite.errors).toEqual([]);
  });
});
