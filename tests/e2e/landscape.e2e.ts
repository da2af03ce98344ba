import { readFile } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatLabel } from '../../src/format/number';
import { parseDocument } from '../../src/graph/load';
import { train, withTraining } from '../../src/graph/optim/loop';
import { openEditorSuite, shot } from './harness';
import { openFile, selectNode } from './page-helpers';

/** The inverse of an axis's scale, from two of its ticks: each tick's value and where it is drawn. */
async function axisInverse(axis: Locator, coord: 0 | 1): Promise<(px: number) => number> {
  const ticks = await axis
    .locator('g[data-value]')
    .evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute('data-value')), g.getAttribute('transform') ?? ''] as const));
  const at = ticks.map(([v, tr]) => [v, Number(/translate\(([^,]+),([^)]+)\)/.exec(tr)?.[coord + 1])] as const);
  const [[v0, p0], [v1, p1]] = [at[0], at.at(-1) as (typeof at)[number]];
  return (px) => v0 + ((px - p0) * (v1 - v0)) / (p1 - p0);
}

/** The points of an SVG path written as M x,y L x,y ... */
const pointsOf = (d: string): [number, number][] => Array.from(d.matchAll(/[ML]([^,LM]+),([^,LM]+)/g), (m) => [Number(m[1]), Number(m[2])]);

/** Adam (Kingma & Ba; torch.optim's defaults β = (0.9, 0.999), ε = 1e-8) on L = ½(a² + 25 b²), in plain arithmetic. */
function adamByHand(a0: number, b0: number, lr: number, steps: number): [number, number][] {
  const p = [a0, b0];
  const m = [0, 0];
  const v = [0, 0];
  const out: [number, number][] = [[p[0], p[1]]];
  for (let t = 1; t <= steps; t++) {
    const g = [p[0], 25 * p[1]];
    for (let i = 0; i < 2; i++) {
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
      const mHat = m[i] / (1 - 0.9 ** t);
      const vHat = v[i] / (1 - 0.999 ** t);
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    out.push([p[0], p[1]]);
  }
  return out;
}

describe('the loss landscape in the browser', () => {
  const s = openEditorSuite();

  it("the valley example: its preset runs drawn, then Adam's 20 steps drawn where the engine and Adam's rule put them", async () => {
    const res = parseDocument(await readFile('public/examples/l1-valley-momentum.json', 'utf8'));
    if (!res.ok) throw new Error('the valley example does not load');
    const { page } = s;
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Examples' })
      .getByRole('button', { name: 'Open Landscape: a narrow valley, where momentum helps' })
      .click();
    await page.locator('.react-flow__node[data-id="L"]').waitFor();
    await selectNode(page, 'L');
    const land = page.getByRole('region', { name: 'Loss landscape' });
    // The example's own runs: SGD, SGD with momentum and Adam, 40 steps each.
    await expect.poll(() => land.locator('path.landscape__trajectory').count()).toBe(3);
    const runs = page.getByRole('region', { name: 'Optimizer runs' });
    await runs.getByRole('combobox', { name: 'optimizer' }).selectOption('adam');
    await runs.getByRole('textbox', { name: 'learning rate η' }).fill('0.25');
    await runs.getByRole('textbox', { name: 'steps' }).fill('20');
    await runs.getByRole('button', { name: 'Run', exact: true }).click();
    const path = land.locator('path.landscape__trajectory[data-trajectory="Adam, lr 0.25"]');
    await path.waitFor();

    const plot = land.locator('svg.landscape__plot');
    const [toA, toB] = [await axisInverse(plot.locator('.landscape__x-axis'), 0), await axisInverse(plot.locator('.landscape__y-axis'), 1)];
    const drawn = pointsOf((await path.getAttribute('d')) ?? '').map(([x, y]) => [toA(x), toB(y)]);
    expect(drawn.length).toBe(21);

    // The engine's Adam, one step at a time from the example's values.
    let doc = withTraining(res.doc, { optimizer: { name: 'adam', lr: 0.25 } });
    const engine: [number, number][] = [[-4, 1]];
    for (let t = 0; t < 20; t++) {
      doc = train(doc, { steps: 1 }).doc;
      const v = (id: string) => doc.nodes.find((n) => n.id === id)?.value as number;
      engine.push([v('a'), v('b')]);
    }
    const hand = adamByHand(-4, 1, 0.25, 20);
    drawn.forEach(([a, b], k) => {
      expect(Math.abs(a - engine[k][0]), `a at step ${k}`).toBeLessThan(1e-9);
      expect(Math.abs(b - engine[k][1]), `b at step ${k}`).toBeLessThan(1e-9);
      expect(Math.abs(engine[k][0] - hand[k][0])).toBeLessThan(1e-12);
      expect(Math.abs(engine[k][1] - hand[k][1])).toBeLessThan(1e-12);
    });
    // The readout gives the engine's gradient (a, 25 b) at the current point, which the arrow points against.
    const [a20, b20] = engine[20];
    const line = land.getByRole('listitem').filter({ hasText: 'Adam, lr 0.25' });
    await expect.poll(() => line.textContent()).toContain(`∂L/∂a = ${formatLabel(a20)}, ∂L/∂b = ${formatLabel(25 * b20)}`);
    await expect.poll(() => land.locator('.landscape__gradient').count()).toBe(4);
    await land.scrollIntoViewIfNeeded();
    await shot(page, 'landscape-valley-1440');

    // Step through: back to the start, then two steps on; the path grows a point per step.
    await land.getByRole('button', { name: 'First step' }).click();
    await expect.poll(async () => pointsOf((await path.getAttribute('d')) ?? '').length).toBe(1);
    await land.getByRole('button', { name: 'Step forward' }).click();
    await land.getByRole('button', { name: 'Step forward' }).click();
    await expect.poll(() => page.getByTestId('landscape-step').textContent()).toBe('step 2 / 40');
    const two = pointsOf((await path.getAttribute('d')) ?? '').map(([x, y]) => [toA(x), toB(y)]);
    expect(two.length).toBe(3);
    expect(Math.abs(two[2][0] - hand[2][0])).toBeLessThan(1e-9);
    // Play runs to the end by itself.
    await land.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByTestId('landscape-step').textContent(), { timeout: 20_000 }).toBe('step 40 / 40');
    expect(s.errors).toEqual([]);
  }, 120_000);

  it('zooming in recomputes the grid over the new range, labelled by the new ticks', async () => {
    const { page } = s;
    const land = page.getByRole('region', { name: 'Loss landscape' });
    const plot = land.locator('svg.landscape__plot');
    const before = await plot.locator('.landscape__x-axis g[data-value]').count();
    const label = async () => plot.getAttribute('aria-label');
    const wide = await label();
    await land.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(label).not.toBe(wide);
    // The range shrinks by 1.5 about its centre: a from −5..2 becomes −4.333..1.333.
    expect(await label()).toContain(`a (${formatLabel(-1.5 - 3.5 / 1.5)} to ${formatLabel(-1.5 + 3.5 / 1.5)})`);
    expect(before).toBeGreaterThan(2);
    // The keyboard pans by a tenth of the range: a from −4.333..1.333 to −3.767..1.9.
    await plot.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(label).toContain(`a (${formatLabel(-1.5 - 3.5 / 1.5 + 7 / 15)} to ${formatLabel(-1.5 + 3.5 / 1.5 + 7 / 15)})`);
    await land.getByRole('button', { name: 'Enlarge' }).click();
    await shot(page, 'landscape-valley-1440-enlarged');
    await land.getByRole('button', { name: 'Back to the panel' }).click();
    for (const [w, h] of [
      [768, 1024],
      [390, 844],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      // Below 1000 px the inspector is a drawer.
      if (!(await land.isVisible())) await page.getByRole('button', { name: 'Inspector' }).click();
      await land.getByRole('button', { name: 'Reset view' }).scrollIntoViewIfNeeded();
      await shot(page, `landscape-valley-${w}`);
    }
    await land.getByRole('button', { name: 'Enlarge' }).click();
    await shot(page, 'landscape-valley-390-enlarged');
    expect(s.errors).toEqual([]);
  }, 60_000);

  it('P3 on its landscape: the exam’s step (lr 1/3 on the summed loss) takes the loss from 16.5 up to 425/18; the saddle opens with its runs', async () => {
    const { page } = s;
    await page.setViewportSize({ width: 1440, height: 900 });
    const open = async (title: string) => {
      await page.getByRole('button', { name: 'Examples', exact: true }).click();
      await page
        .getByRole('dialog', { name: 'Examples' })
        .getByRole('button', { name: `Open ${title}` })
        .click();
      await page.locator('.react-flow__node[data-id="L"]').waitFor();
      await selectNode(page, 'L');
    };
    await open('Landscape: P3, a learning rate too large');
    const land = page.getByRole('region', { name: 'Loss landscape' });
    await expect.poll(() => land.locator('path.landscape__trajectory').count()).toBe(2);
    expect(await land.locator('.landscape__axis-title').allTextContents()).toEqual(['A[0,0]', 'A[0,1]']);
    await land.getByRole('button', { name: 'First step' }).click();
    const exam = land.getByRole('listitem').filter({ hasText: 'SGD, lr 0.3333' });
    expect(await exam.textContent()).toContain('step 0: A[0,0] = 3, A[0,1] = 2, L = 16.5; ∂L/∂A[0,0] = −2, ∂L/∂A[0,1] = 4');
    await land.getByRole('button', { name: 'Step forward' }).click();
    await expect
      .poll(() => exam.textContent())
      .toContain(`step 1: A[0,0] = ${formatLabel(11 / 3)}, A[0,1] = ${formatLabel(2 / 3)}, L = ${formatLabel(425 / 18)}`);
    await land.getByRole('button', { name: 'Enlarge' }).click();
    await shot(page, 'landscape-p3');
    await land.getByRole('button', { name: 'Back to the panel' }).click();
    await open('Landscape: a saddle point');
    await expect.poll(() => land.locator('path.landscape__trajectory').count()).toBe(2);
    await land.getByRole('button', { name: 'Enlarge' }).click();
    await shot(page, 'landscape-saddle');
    expect(s.errors).toEqual([]);
  }, 60_000);

  it('the digits MLP (about 10 ms an evaluation): two entries of b1 chosen (its own X is zeros until the data set feeds it), the grid is sampled in the worker and drawn', async () => {
    const res = parseDocument(await readFile('public/training/digits-mlp.json', 'utf8'));
    if (!res.ok) throw new Error('the digits example does not load');
    const { page } = s;
    await openFile(page, 'digits.json', res.doc);
    await page.locator('.react-flow__node[data-id="L"]').waitFor();
    await selectNode(page, 'L');
    const land = page.getByRole('region', { name: 'Loss landscape' });
    await land.getByRole('combobox', { name: 'horizontal axis' }).selectOption({ label: 'b1[0]' });
    await land.getByRole('combobox', { name: 'vertical axis' }).selectOption({ label: 'b1[1]' });
    await land.getByText('Sampling the landscape in the background…').waitFor();
    const plot = land.locator('svg.landscape__plot');
    await plot.waitFor({ timeout: 60_000 });
    expect(await land.locator('.landscape__axis-title').allTextContents()).toEqual(['b1[0]', 'b1[1]']);
    expect(await land.locator('path.landscape__band').count()).toBeGreaterThan(0);
    expect(s.errors).toEqual([]);
  }, 120_000);
});
