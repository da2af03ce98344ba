import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot } from './harness';
import { connectPorts, docNodeIds, dragOpToCanvas, expectText, inspector, node, selectNode } from './page-helpers';

/** The whole message of the warning a node shows (its tip; the badge says it in a few words). */
const note = (page: Page, id: string) => node(page, id).locator('.op-node__error-tip');

describe('a node says what is wrong with it, worded with the labels on screen', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('names the missing input, and the node waiting on it', async () => {
    await page.getByRole('button', { name: 'New graph' }).click();
    // The new document opens once the library holds its entry.
    await expect.poll(() => docNodeIds(page)).toEqual([]);
    await dragOpToCanvas(page, 'Input', 0.2, 0.4);
    await dragOpToCanvas(page, 'Multiply', 0.5, 0.4);
    await dragOpToCanvas(page, 'Negate', 0.8, 0.4);
    await connectPorts(page, 'x', 'mul1', 'a');
    await connectPorts(page, 'mul1', 'neg1', 'u');
    await expect.poll(() => note(page, 'mul1').textContent()).toBe('input "b" is not connected');
    await expect.poll(() => note(page, 'neg1').textContent()).toBe('waiting on f2, which is invalid');
    expect(await page.getByTestId('edge-value-mul1-neg1-u').getAttribute('title')).toBe('forward f2: input "b" is not connected');
    await selectNode(page, 'mul1');
    await expect.poll(() => inspector(page).getByRole('note').textContent()).toContain('input "b" is not connected');
    await shot(page, 'problems-01-unconnected');
  });

  it('renames the node it waits on when its label changes', async () => {
    const field = inspector(page).getByRole('textbox', { name: 'Label' });
    await field.fill('prod');
    await field.press('Enter');
    await expect.poll(() => note(page, 'neg1').textContent()).toBe('waiting on prod, which is invalid');
  });

  it('clears both once the input is connected', async () => {
    await connectPorts(page, 'x', 'mul1', 'b');
    await expectText(page, 'status-output', '−1');
    expect(await note(page, 'mul1').count()).toBe(0);
    expect(await note(page, 'neg1').count()).toBe(0);
    expect(suite.errors).toEqual([]);
  });
});
