import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, blocking, countByImpact } from './a11y-helpers';
import { shot, startHarness, type Harness } from './harness';
import { emptyCanvasPoint, expectText, node, zoomOf } from './page-helpers';
import { startDevices, touchDrag, type Devices } from './touch-helpers';

type Rect = { left: number; top: number; right: number; bottom: number };
const overlap = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Builds a graph from a formula in the formula box (after clearing the document). */
async function build(page: Page, formula: string, values: string): Promise<void> {
  if (await page.getByTestId('open-menu').isVisible()) await page.getByTestId('open-menu').click();
  await page.getByRole('button', { name: 'New graph', exact: true }).click();
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
  await page.getByRole('textbox', { name: 'Formula' }).fill(formula);
  await page.getByRole('textbox', { name: 'Input values' }).fill(values);
  await page.getByRole('button', { name: 'Build graph' }).click();
}

describe.each([
  [1440, 900],
  [390, 844],
] as const)('a node with an error at %i × %i', (width, height) => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ width, height });
    page = await h.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(h.url);
    // P1's inputs: a phone shows it from its left edge at the readable zoom.
    await node(page, 'x').waitFor();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ln of a negative input: a one-line badge overlapping no other node; selected, the whole message on top, ≥ 12 px', async () => {
    await build(page, 'log(x) * y + exp(y)', 'x=-2, y=3');
    await expectText(page, 'status-output', 'invalid');
    const ln = page.locator('.react-flow__node:has(.op-node__symbol:text-is("ln"))');
    await expect.poll(() => ln.locator('.op-node__error-brief').textContent()).toBe('outside domain');
    await page.waitForTimeout(400);
    const boxes = await page.locator('.react-flow__node').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute('data-id'), left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    );
    expect(boxes).toHaveLength(6);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlap(a, b), `${a.id} over ${b.id}`).toBe(false);
    // Every badge's words are whole, on one line.
    const badges = await page.locator('.op-node__error').evaluateAll((els) =>
      els.map((e) => ({
        text: e.textContent,
        clipped: e.querySelector('.op-node__error-brief')!.scrollWidth > e.querySelector('.op-node__error-brief')!.clientWidth + 1,
        height: e.getBoundingClientRect().height,
      })),
    );
    expect(badges.map((b) => b.clipped)).toEqual([false, false, false]);
    const tip = ln.locator('.op-node__error-tip');
    expect(await tip.isVisible()).toBe(false);
    await shot(page, `readable-error-${width}x${height}`);

    await ln.locator('.op-node__main').click();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe('log of a non-positive number: -2');
    const seen = () =>
      tip.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const canvas = document.querySelector('.canvas')!.getBoundingClientRect();
        const points = [
          // Inside the rounded corners.
          [r.left + 8, r.top + 8],
          [r.right - 8, r.bottom - 8],
          [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
        ];
        // The tip lets clicks through to what is under it; for the hit test it takes them, to say what is painted on top.
        el.style.pointerEvents = 'auto';
        const top = points.map(([x, y]) =>
          el.contains(document.elementFromPoint(x, y)) ? 'tip' : document.elementFromPoint(x, y)?.className,
        );
        el.style.pointerEvents = '';
        return {
          onTop: top,
          inCanvas: r.left >= canvas.left && r.right <= canvas.right && r.top >= canvas.top && r.bottom <= canvas.bottom,
          clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
          font: parseFloat(getComputedStyle(el).fontSize),
        };
      });
    await shot(page, `readable-error-${width}x${height}-selected`);
    const findings = await audit(page);
    console.log(
      `axe with error badges and a tip at ${width} × ${height}:`,
      JSON.stringify(countByImpact(findings)),
      findings.map((f) => f.id).join(' '),
    );
    expect(blocking(findings)).toEqual([]);
    await expect.poll(seen).toMatchObject({ inCanvas: true, onTop: ['tip', 'tip', 'tip'], clipped: false });
    expect((await seen()).font * (await zoomOf(page))).toBeGreaterThanOrEqual(12);
    expect(errors).toEqual([]);
  });
});

async function loadExample(page: Page, file: string): Promise<void> {
  const buffer = await readFile(`public/examples/${file}`);
  await page.getByTestId('file-input').setInputFiles({ name: file, mimeType: 'application/json', buffer });
}

/** Whether an element is what is drawn at its own centre (nothing covers it). */
const onTop = (loc: Locator) =>
  loc.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
  });

/** Whether an element lies wholly inside the part of every scrolling ancestor on show, and inside the window. */
const whollyOnShow = (loc: Locator) =>
  loc.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inside = (o: DOMRect) => r.left >= o.left - 0.5 && r.right <= o.right + 0.5 && r.top >= o.top - 0.5 && r.bottom <= o.bottom + 0.5;
    if (!inside(new DOMRect(0, 0, window.innerWidth, window.innerHeight))) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(s.overflowY + s.overflowX) && !inside(p.getBoundingClientRect())) return false;
    }
    return true;
  });

describe.each([
  [1440, 900],
  [1280, 720],
] as const)('P12 at %i × %i', (width, height) => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ width, height });
    page = await h.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(h.url);
    // P1's inputs: a phone shows it from its left edge at the readable zoom.
    await node(page, 'x').waitFor();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the 3 × 3 kernel’s heatmap, hovered, shows its nine numbers on their colours, whole, on top, ≥ 12 px on screen', async () => {
    await loadExample(page, 'p12-conv-gradient.json');
    await expectText(page, 'playback-position', 'all shown');
    const map = node(page, 'W').locator('.node-map--value');
    const loupe = map.locator('.node-map__loupe');
    expect(await loupe.isVisible()).toBe(false);
    await map.hover();
    await expect.poll(() => loupe.isVisible()).toBe(true);
    const cells = loupe.locator('.node-numbers__cell');
    const kernel =
      (
        JSON.parse(await readFile('public/examples/p12-conv-gradient.json', 'utf8')) as {
          nodes: { id: string; value: { data: number[] } }[];
        }
      ).nodes.find((n) => n.id === 'W')?.value.data ?? [];
    const shown = await cells.evaluateAll((els) =>
      els.map((e) => ({
        text: e.textContent ?? '',
        clipped: e.scrollWidth > e.clientWidth,
        font: parseFloat(getComputedStyle(e).fontSize),
      })),
    );
    expect(shown.map((c) => Number(c.text.replace('−', '-')))).toEqual(kernel);
    expect(shown.filter((c) => c.clipped)).toEqual([]);
    expect(Math.min(...shown.map((c) => c.font)) * (await zoomOf(page))).toBeGreaterThanOrEqual(12);
    const covered = await loupe.evaluate((el) => {
      const r = el.getBoundingClientRect();
      (el as HTMLElement).style.pointerEvents = 'auto';
      const hit = [
        [r.left + 8, r.top + 8],
        [r.right - 8, r.bottom - 8],
      ].some(([x, y]) => !el.contains(document.elementFromPoint(x, y)));
      (el as HTMLElement).style.pointerEvents = '';
      return hit;
    });
    expect(covered).toBe(false);
    await shot(page, `readable-p12-kernel-${width}x${height}`);
    const findings = await audit(page);
    console.log(`axe with P12 and the kernel's loupe at ${width} × ${height}:`, JSON.stringify(countByImpact(findings)));
    expect(blocking(findings)).toEqual([]);
    // The node keeps its size: the example's saved layout has no node over another.
    const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Rect));
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlap(a, b), JSON.stringify([a, b])).toBe(false);
    // The 16 × 16 input has no numbers to show.
    expect(await node(page, 'X').locator('.node-map__loupe').count()).toBe(0);
    await page.mouse.move(0, 0);
  });

  it('in the default explanation panel, the 16 × 16 grids, the clicked cell and its formula are on show together', async () => {
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
    await page.getByRole('button', { name: 'Backward' }).click();
    await expectText(page, 'playback-position', '12 / 12');
    const panel = page.getByRole('region', { name: 'Explanation' });
    const worked = panel.getByTestId('worked-cell');
    // A cell near the top of dX, then one low in it, reached by scrolling the panel as a person does.
    for (const name of [/^dX\[1,2\] = /, /^dX\[14,5\] = /]) {
      const cell = panel.getByRole('button', { name });
      await page.locator('.explain__body').hover();
      const clear = () =>
        cell.evaluate(
          (el) => el.getBoundingClientRect().bottom < (el.closest('.explain__body') as HTMLElement).getBoundingClientRect().bottom - 90,
        );
      for (let i = 0; i < 40 && !(await clear()); i++) await page.mouse.wheel(0, 60);
      await cell.click();
      await page.waitForTimeout(300);
      await shot(page, `readable-p12-${width}x${height}-${name.source.match(/\d+,\d+/)?.[0].replace(',', '-')}`);
      expect(await whollyOnShow(cell), 'the clicked cell').toBe(true);
      expect(await whollyOnShow(worked), 'its formula').toBe(true);
      expect(await worked.textContent()).toMatch(new RegExp(`^${name.source.slice(1).replace(' = ', '')} = W`));
      // Neither covers the other: each is what is drawn at its own centre.
      expect(await onTop(cell)).toBe(true);
      expect(await onTop(worked.locator('code').first())).toBe(true);
    }
    // From the keyboard: focus scrolls the last cell just into the panel, where (at 1280 × 720) the
    // sum's strip covers it; picking it scrolls it out from under the strip.
    const last = panel.getByRole('button', { name: /^dX\[16,16\] = / });
    await last.focus();
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    await expect.poll(() => worked.textContent()).toMatch(/^dX\[16,16\] = W/);
    await page.waitForTimeout(300);
    expect(await onTop(last)).toBe(true);
    expect(await whollyOnShow(worked)).toBe(true);
    expect(errors).toEqual([]);
  });
});

/** The edge labels the step being played computes: their text, size on screen, and whether anything hides them. */
const currentLabels = (page: Page) =>
  page.evaluate(() => {
    const current = document.querySelector('.op-node--current');
    const id = current?.closest('.react-flow__node')?.getAttribute('data-id');
    if (!current || !id) return [];
    const kind = current.classList.contains('op-node--backward') ? 'grad' : 'value';
    const zoom = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
    const frame = document.querySelector('.canvas .react-flow')!.getBoundingClientRect();
    const covers = [...document.querySelectorAll('.playback, .explain, .canvas .react-flow__panel, .node-list-toggle, .forward-toggle')]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => e.getBoundingClientRect());
    return [...document.querySelectorAll<HTMLElement>(`[data-testid^="edge-${kind}-${id}-"]`)].map((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        text: el.textContent,
        px: parseFloat(getComputedStyle(el).fontSize) * zoom,
        inCanvas: r.left >= frame.left && r.right <= frame.right && r.top >= frame.top && r.bottom <= frame.bottom,
        under: covers.filter((c) => c.left < r.right && r.left < c.right && c.top < r.bottom && r.top < c.bottom).length,
        onTop: el.contains(hit),
      };
    });
  });

describe('playing P1 on a phone (390 × 844, touch)', () => {
  let devices: Devices;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    devices = await startDevices();
    ({ page } = await devices.open(390, 844));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(devices.url);
    await node(page, 'x').waitFor();
  });
  afterAll(async () => {
    await devices?.close();
  });

  it('at every step the labels it computes are at least 12 px on screen, inside the canvas, under nothing', async () => {
    await page.getByRole('button', { name: 'Step forward' }).tap();
    await expectText(page, 'playback-position', '1 / 14');
    // Entering playback refits the shorter canvas (PlaybackFit) and the view pans to the step (StepInView).
    await page.waitForTimeout(800);
    const seen: string[] = [];
    for (let step = 1; step <= 14; step++) {
      if (step > 1) {
        await page.getByRole('button', { name: 'Step forward' }).tap();
        await expectText(page, 'playback-position', `${step} / 14`);
        await page.waitForTimeout(400);
      }
      const labels = await currentLabels(page);
      for (const l of labels) {
        seen.push(`${step}: ${l.text}`);
        expect(l, `step ${step}: ${l.text}`).toMatchObject({ inCanvas: true, under: 0, onTop: true });
        expect(l.px, `step ${step}: ${l.text}`).toBeGreaterThanOrEqual(12);
      }
      if (step === 7 || step === 14) await shot(page, `readable-phone-step${step}`);
    }
    // Every step but the output's forward and backward ones labels an edge.
    expect(seen.length).toBeGreaterThanOrEqual(12);
    expect(errors).toEqual([]);
  });

  it('a step whose node is in view but whose label is off the canvas: the view pans to show the label too', async () => {
    await page.getByRole('button', { name: 'Reset' }).tap();
    for (let step = 1; step <= 3; step++) await page.getByRole('button', { name: 'Step forward' }).tap();
    await expectText(page, 'playback-position', '3 / 14');
    await page.waitForTimeout(500);
    // Pan until the next step's node (neg, f4) sits at the canvas's right edge: in view, with its
    // badge (above its left end), while the label half-way to add, further right, is off the canvas.
    const frame = await page.locator('.canvas .react-flow').boundingBox();
    const neg = await node(page, 'neg').boundingBox();
    if (!frame || !neg) throw new Error('no canvas or neg node');
    const from = await emptyCanvasPoint(page);
    await touchDrag(page, from, { x: from.x + frame.x + frame.width - 16 - (neg.x + neg.width), y: from.y });
    await page.waitForTimeout(300);
    const label = page.getByTestId('edge-value-neg-add-b');
    const before = await label.boundingBox();
    expect(before && before.x + before.width).toBeGreaterThan(frame.x + frame.width);
    await page.getByRole('button', { name: 'Step forward' }).tap();
    await expectText(page, 'playback-position', '4 / 14');
    await expectText(page, 'edge-value-neg-add-b', 'f4 = −1');
    await page.waitForTimeout(300);
    const [l] = await currentLabels(page);
    expect(l).toMatchObject({ text: 'f4 = −1', inCanvas: true, under: 0, onTop: true });
    await shot(page, 'readable-phone-label-revealed');
    expect(errors).toEqual([]);
  });
});
