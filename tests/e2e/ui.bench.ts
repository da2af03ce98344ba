/**
 * Browser benchmark of the editor (run by `npm run bench:ui`, after a build): for generated graphs
 * of 100 and 500 nodes, the frame rate while panning the whole graph, then, zoomed to 100% on an
 * input, the time from editing its value to the updated edge labels being painted and the frame
 * rate while panning there. Prints the figures; never fails on them.
 */
import type { Page } from 'playwright-core';
import { generateGraph } from './generate';
import { startHarness } from './harness';
import { emptyCanvasPoint, node, openFile, selectNode, valueField, zoomOf, zoomToNode } from './page-helpers';

const SIZES = [100, 500];
const EDITS = 25;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** One edit inside the page: set the field, wait for the edge label to change, then for the frame to be painted. */
function timeEdit(page: Page, value: number, labelId: string): Promise<number> {
  return page.evaluate(
    ([v, id]) =>
      new Promise<number>((resolve) => {
        const input = document.activeElement as HTMLInputElement;
        const label = document.querySelector(`[data-testid="${id}"]`);
        const before = label?.textContent;
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        const t0 = performance.now();
        setter?.call(input, String(v));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const painted = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
        if (label?.textContent !== before) painted();
        else {
          const obs = new MutationObserver(() => {
            if (label?.textContent === before) return;
            obs.disconnect();
            painted();
          });
          obs.observe(label as Node, { characterData: true, childList: true, subtree: true });
        }
      }),
    [value, labelId] as const,
  );
}

/** Counts animation frames while the mouse drags the empty canvas for about two seconds. */
async function panFps(page: Page): Promise<{ fps: number; worstMs: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; stop_: boolean };
    w.frames_ = [];
    w.stop_ = false;
    const tick = (t: number) => {
      w.frames_.push(t);
      if (!w.stop_) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const from = await emptyCanvasPoint(page);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const start = Date.now();
  for (let i = 0; Date.now() - start < 2000; i++)
    await page.mouse.move(from.x + 200 * Math.sin(i / 15), from.y - 150 * (1 - Math.cos(i / 15)));
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; stop_: boolean };
    w.stop_ = true;
    return w.frames_;
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return { fps: (1000 * gaps.length) / (frames[frames.length - 1] - frames[0]), worstMs: Math.max(...gaps) };
}

const h = await startHarness();
try {
  const page = await h.newPage();
  await page.goto(h.url);
  await node(page, 'mul').waitFor();
  const rows: string[] = [];
  for (const n of SIZES) {
    const doc = generateGraph(n);
    const edge = doc.edges.find((e) => doc.nodes.find((nd) => nd.id === e.source)?.op === 'input');
    if (!edge) throw new Error('no input feeds the graph');
    await openFile(page, `gen-${n}.json`, doc);
    await node(page, doc.nodes[n - 1].id).waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    const fitZoom = await zoomOf(page);
    const panFit = await panFps(page);
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    const zoom = await zoomToNode(page, edge.source);
    await selectNode(page, edge.source);
    await valueField(page).focus();
    const labels = await page.locator('.edge-label').count();
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++)
      times.push(await timeEdit(page, 0.25 + i / 100, `edge-value-${edge.source}-${edge.target}-${edge.port}`));
    const pan = await panFps(page);
    rows.push(
      `${String(n).padStart(4)} nodes  whole graph (zoom ${(fitZoom * 100).toFixed(0)}%): pan ${panFit.fps.toFixed(1)} fps, worst frame ${panFit.worstMs.toFixed(0)} ms\n` +
        `            at zoom ${(zoom * 100).toFixed(0)}% (${labels} labels drawn): edit→paint median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms; ` +
        `pan ${pan.fps.toFixed(1)} fps, worst frame ${pan.worstMs.toFixed(0)} ms`,
    );
  }
  console.log(`\nBackprop Studio UI benchmark (Chromium ${h.context.browser()?.version() ?? ''}, ${EDITS} edits per graph)`);
  for (const r of rows) console.log(r);
} finally {
  await h.close();
}
