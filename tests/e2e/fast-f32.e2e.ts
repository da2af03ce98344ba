import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/graph/schema';
import { openEditorSuite, shot } from './harness';
import { node, openFile } from './page-helpers';

const N = 1024;

/** A·B of two 1024×1024 inputs: 1024³ ≈ 1.07·10⁹ multiply-adds, just over fast float32 mode's threshold. */
const product = {
  format: 'backprop-studio.graph',
  version: 2,
  nodes: [
    { id: 'a', op: 'input', position: { x: 0, y: 0 }, value: { shape: [N, N], init: 'uniform', scale: 1, seed: 1 } },
    { id: 'b', op: 'input', position: { x: 0, y: 150 }, value: { shape: [N, N], init: 'uniform', scale: 1, seed: 2 } },
    { id: 'ab', op: 'matmul', position: { x: 250, y: 75 } },
  ],
  edges: [
    { source: 'a', target: 'ab', port: 'a' },
    { source: 'b', target: 'ab', port: 'b' },
  ],
  output: 'ab',
} as GraphDocument;

const toggle = (page: Page) => page.getByRole('checkbox', { name: 'fast float32 mode' });

describe('fast float32 mode in Chromium', () => {
  const suite = openEditorSuite();

  it('offers no toggle for P1, a few multiply-adds', async () => {
    expect(await toggle(suite.page).count()).toBe(0);
  });

  it('offers it for a 1024³ product; checked, the worker runs it in float32 and the header gives the measured error', async () => {
    const { page } = suite;
    await openFile(page, 'product.json', product);
    await node(page, 'ab').waitFor({ state: 'attached' });
    await toggle(page).waitFor({ timeout: 30_000 });
    expect(await toggle(page).isChecked()).toBe(false);
    await page
      .getByTestId('eval-status')
      .filter({ hasText: /\(worker(, \d threads)?\)$/ })
      .waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('float32-note').count()).toBe(0);
    await toggle(page).check();
    const note = page.getByTestId('float32-note');
    await note.waitFor({ timeout: 120_000 });
    // Forward and both gradients; the error is the sampled one, under the bound (1024 + 2)·2⁻²⁴ = 6.1e-5.
    const text = await note.textContent();
    expect(text).toMatch(/^float32 in 3 products; error \d\.\de-\d+ of Σ\|a·b\| \(bound 6\.1e-5\)$/);
    const error = Number(/error (\S+)/.exec(text ?? '')?.[1]);
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(6.1e-5);
    await shot(page, 'fast-f32-on');
    await toggle(page).uncheck();
    await note.waitFor({ state: 'detached', timeout: 120_000 });
    expect(suite.errors).toEqual([]);
  }, 300_000);
});
