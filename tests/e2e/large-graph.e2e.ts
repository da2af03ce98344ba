/** A graph far deeper than the call stack opens, evaluates and lays out in Chromium without an uncaught error. */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../src/graph/load';
import { openEditorSuite, shot } from './harness';
import { expectText } from './page-helpers';

const N = 20_000;

/** n0 = 1, n_i = -n_(i-1): the output f20000 is (-1)^19999 = -1. */
const chain = serializeDocument({
  format: 'backprop-studio.graph', version: 1,
  nodes: Array.from({ length: N }, (_, i) => ({ id: `n${i}`, op: i ? 'neg' : 'input', position: { x: i * 200, y: 0 }, ...(i ? {} : { value: 1 }) })),
  edges: Array.from({ length: N - 1 }, (_, i) => ({ source: `n${i}`, target: `n${i + 1}`, port: 'u' })),
});

describe('a 20,000-node chain in the editor', () => {
  const suite = openEditorSuite();
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('opens and evaluates it: output f20000 = −1', async () => {
    await page.getByTestId('file-input').setInputFiles({ name: 'chain.json', mimeType: 'application/json', buffer: Buffer.from(chain) });
    await expect.poll(() => page.locator('.statusbar').textContent(), { timeout: 90_000 }).toContain(`${N} nodes · ${N - 1} edges`);
    await expectText(page, 'status-output', '−1');
    expect(await page.locator('.statusbar').textContent()).toContain('output f20000');
    await shot(page, 'large-graph-open');
    expect(suite.errors).toEqual([]);
  });

  it('lays it out (Shift+L) without dagre overflowing the stack', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+L');
    await expect.poll(() => page.locator('.statusbar').textContent(), { timeout: 90_000 }).toContain('Auto layout');
    await expectText(page, 'status-output', '−1');
    expect(suite.errors).toEqual([]);
  });
});
