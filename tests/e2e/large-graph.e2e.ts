import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../src/graph/load';
import { FORMAT, VERSION, type GraphDocument, type GraphNode } from '../../src/graph/schema';
import { openEditorSuite, shot } from './harness';
import { canvasPoint, expectText, focusCanvas, node, openFile, zoomOf } from './page-helpers';

const N = 20_000;
const X0 = 0.5;

/** x, sin x, sin sin x, …: N nodes in one chain, laid out in rows of 100 as a user might place them. */
function sineChain(): GraphDocument {
  const at = (i: number) => ({ x: (i % 100) * 220, y: Math.floor(i / 100) * 140 });
  const nodes: GraphNode[] = [{ id: 'n0', op: 'input', name: 'x', position: at(0), value: X0 }];
  for (let i = 1; i < N; i++) nodes.push({ id: `n${i}`, op: 'sin', position: at(i) });
  const edges = nodes.slice(1).map((_, i) => ({ source: `n${i}`, target: `n${i + 1}`, port: 'u' }));
  return { format: FORMAT, version: VERSION, title: `Sine chain of ${N} nodes`, nodes, edges };
}

/** The closed loop the chain stands for: sin applied N − 1 times, and its derivative by the chain rule. */
function truth(): { value: number; grad: number } {
  let v = X0;
  let g = 1;
  for (let i = 1; i < N; i++) {
    g *= Math.cos(v);
    v = Math.sin(v);
  }
  return { value: v, grad: g };
}

/** Milliseconds until the page paints a frame: long while the main thread is blocked. */
const frameDelay = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const t = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - t));
      }),
  );

describe(`a ${N.toLocaleString('en-US')}-node graph in Chromium`, () => {
  const suite = openEditorSuite();
  const errors = suite.errors;
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('opens from a file without an error, shows the counts and the output, and stays responsive', async () => {
    const text = serializeDocument(sineChain());
    const t0 = Date.now();
    await openFile(page, 'sine-chain.json', text);
    await page
      .locator('.statusbar')
      .getByText(`${N} nodes · ${N - 1} edges`)
      .waitFor({ timeout: 120_000 });
    const shown = Date.now() - t0;
    await node(page, 'n0').waitFor({ timeout: 60_000 });
    const drawn = Date.now() - t0;
    const { value } = truth();
    // Chromium's sine may differ from Node's in the last bit; the iteration contracts, so that stays tiny.
    const shownValue = Number(await page.getByTestId('status-output').locator('xpath=..').getAttribute('title'));
    expect(Math.abs(shownValue - value)).toBeLessThan(1e-12 * Math.abs(value));
    await expectText(page, 'eval-status', /^evaluated in .* \(main thread\)$/);
    expect(await page.getByText(`output f${N} =`).count()).toBe(1);
    const frame = await frameDelay(page);
    const centre = await canvasPoint(page, 0.5, 0.5);
    await page.mouse.move(centre.x, centre.y);
    const inDom = await page.locator('.react-flow__node').count();
    console.log(
      `${N}-node chain (${(text.length / 1e6).toFixed(1)} MB): counts shown after ${shown} ms, first node drawn after ${drawn} ms; ${inDom} nodes in the DOM; next frame ${frame.toFixed(0)} ms`,
    );
    expect(inDom).toBeLessThan(1000);
    // It opens on its first nodes, drawn large enough to read, and cannot be zoomed out to thousands of nodes.
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.25);
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 400);
    await page.waitForTimeout(300);
    expect(await zoomOf(page)).toBeCloseTo(0.25, 5);
    expect(await page.locator('.react-flow__node').count()).toBeLessThan(1000);
    expect(frame).toBeLessThan(1000);
    await shot(page, 'large-20k-open');
    expect(errors).toEqual([]);
  });

  it('lays the graph out with Shift+L without an error', async () => {
    await focusCanvas(page);
    const t0 = Date.now();
    await page.keyboard.press('Shift+L');
    await page.locator('.statusbar').getByText('Auto layout').waitFor({ timeout: 60_000 });
    console.log(`auto layout of ${N} nodes: ${Date.now() - t0} ms`);
    expect(errors).toEqual([]);
  });

  it('plays the forward pass and steps through it without an error', async () => {
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    expect(await frameDelay(page)).toBeLessThan(1000);
    await page.getByRole('button', { name: 'Show all' }).click();
    expect(errors).toEqual([]);
  });
});
