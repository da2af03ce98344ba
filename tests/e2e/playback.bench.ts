/**
 * Browser benchmark of playback (run by `npm run bench:playback`, after a build): for generated
 * graphs of 50 and 200 nodes, the frame rate while backprop plays at top speed, first with the
 * whole graph in view, then zoomed to 100% where the edge labels are drawn. Frames are timed
 * with requestAnimationFrame. Prints the figures; never fails on them.
 */
import type { Page } from 'playwright-core';
import { generateGraph } from './generate';
import { startHarness } from './harness';
import { node, openFile, zoomOf, zoomToNode } from './page-helpers';

const SIZES = [50, 200];
const MEASURE_MS = 3000;
const WARM_UP_MS = 1500;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

interface Run {
  fps: number;
  p95: number;
  worst: number;
  steps: number;
}

/** Plays from the first step, lets the first frames pass, then times animation frames for MEASURE_MS. */
async function playbackFps(page: Page): Promise<Run> {
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(WARM_UP_MS);
  const stepAt = async () => Number((await page.getByTestId('playback-position').textContent())?.split(' / ')[0]);
  const first = await stepAt();
  const frames = await page.evaluate(
    (ms) =>
      new Promise<number[]>((resolve) => {
        const times: number[] = [];
        const tick = (t: number) => {
          times.push(t);
          if (t - times[0] < ms) requestAnimationFrame(tick);
          else resolve(times);
        };
        requestAnimationFrame(tick);
      }),
    MEASURE_MS,
  );
  const steps = (await stepAt()) - first;
  await page.getByRole('button', { name: 'Pause' }).click();
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return {
    fps: (1000 * gaps.length) / (frames[frames.length - 1] - frames[0]),
    p95: quantile(gaps, 0.95),
    worst: Math.max(...gaps),
    steps,
  };
}

const line = (r: Run) =>
  `${r.fps.toFixed(1)} fps, p95 frame ${r.p95.toFixed(1)} ms, worst ${r.worst.toFixed(0)} ms (${r.steps} steps played)`;

const h = await startHarness();
try {
  const page = await h.newPage();
  await page.goto(h.url);
  await node(page, 'mul').waitFor();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
  const rows: string[] = [];
  for (const n of SIZES) {
    const doc = generateGraph(n);
    await openFile(page, `gen-${n}.json`, doc);
    await node(page, doc.nodes[n - 1].id).waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    const whole = await playbackFps(page);
    const fitZoom = await zoomOf(page);
    const zoom = await zoomToNode(page, doc.nodes[Math.floor(n / 2)].id);
    const labels = await page.locator('.edge-label').count();
    const close = await playbackFps(page);
    await page.getByRole('button', { name: 'Show all' }).click();
    rows.push(
      `${String(n).padStart(4)} nodes  whole graph (zoom ${(fitZoom * 100).toFixed(0)}%): ${line(whole)}\n` +
        `            at zoom ${(zoom * 100).toFixed(0)}% (${labels} labels drawn): ${line(close)}`,
    );
  }
  console.log(`\nBackprop Studio playback benchmark (Chromium ${h.context.browser()?.version() ?? ''}, top speed: a step every 150 ms)`);
  for (const r of rows) console.log(r);
} finally {
  await h.close();
}
