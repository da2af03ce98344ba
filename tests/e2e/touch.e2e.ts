import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot } from './harness';
import { canvasPoint, centre, emptyCanvasPoint, expectText, handle, node, zoomOf } from './page-helpers';
import { longPress, overflowX, pinch, startDevices, touchDrag, type Devices } from './touch-helpers';

/** P1 (problems.md): f = z · 2^(x − y), its nodes in the order they are placed and where each goes on the canvas. */
const P1_NODES = [
  { op: 'Input', id: 'x', at: [0.25, 0.32] },
  { op: 'Input', id: 'y', at: [0.25, 0.52] },
  { op: 'Input', id: 'z', at: [0.25, 0.86] },
  { op: 'Negate', id: 'neg1', at: [0.72, 0.52] },
  { op: 'Add', id: 'add1', at: [0.72, 0.32] },
  { op: 'Exponential c^x', id: 'expBase1', at: [0.25, 0.69] },
  { op: 'Multiply', id: 'mul1', at: [0.72, 0.8] },
] as const;
const P1_EDGES = [
  ['y', 'neg1', 'u'],
  ['x', 'add1', 'a'],
  ['neg1', 'add1', 'b'],
  ['add1', 'expBase1', 'u'],
  ['z', 'mul1', 'a'],
  ['expBase1', 'mul1', 'b'],
] as const;

const SIZES = [
  { width: 390, height: 844, compact: true },
  { width: 768, height: 1024, compact: true },
  { width: 1024, height: 768, compact: false },
] as const;

/** How far the view is shifted sideways, in screen pixels. */
const panX = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).e);

const canvasWidth = (page: Page) => page.locator('.canvas').evaluate((el) => el.getBoundingClientRect().width);

describe.each(SIZES)('touch at $width × $height', ({ width, height, compact }) => {
  let devices: Devices;
  let page: Page;
  const errors: string[] = [];
  const name = `touch-${width}x${height}`;
  const tapButton = (label: string) => page.getByRole('button', { name: label, exact: true }).tap();
  /** Runs a toolbar command: from the menu on a narrow screen, from the toolbar otherwise. */
  async function command(label: string) {
    if (compact) await page.getByTestId('open-menu').tap();
    await tapButton(label);
  }
  async function placeOp(title: string) {
    if (compact) await page.getByTestId('open-palette').tap();
    await page.getByRole('complementary', { name: 'Op palette' }).getByRole('button', { name: title, exact: true }).tap();
    if (compact) await drawerClosed('palette');
  }
  /** Waits until a drawer has slid away, so a finger on the canvas reaches the canvas. */
  async function drawerClosed(id: string) {
    await expect.poll(() => page.locator(`#${id}-drawer`).evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
  }
  /** A finger tap where the element is drawn (locator.tap refuses a handle that its node's box overlaps). */
  async function tapAt(loc: Locator) {
    const c = await centre(loc);
    await page.touchscreen.tap(c.x, c.y);
  }

  beforeAll(async () => {
    devices = await startDevices();
    ({ page } = await devices.open(width, height));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(devices.url);
    // At the readable zoom a phone shows P1 from its inputs; the output is a pan away.
    await node(page, 'x').waitFor();
  });
  afterAll(async () => {
    await devices?.close();
  });

  it('fits the window: a wide canvas and no sideways scrolling', async () => {
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    expect(await canvasWidth(page)).toBeGreaterThan(300);
    await shot(page, `${name}-01-p1`);
  });

  it('opens the palette and the command menu as drawers: focus moves in, Escape closes, focus returns', async () => {
    if (!compact) {
      expect(await page.getByTestId('open-palette').count()).toBe(0);
      return;
    }
    for (const id of ['palette', 'menu']) {
      const opener = page.getByTestId(`open-${id}`);
      await opener.tap();
      expect(await opener.getAttribute('aria-expanded')).toBe('true');
      const drawer = page.locator(`#${id}-drawer`);
      await expect.poll(() => drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      await page.waitForTimeout(250);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      await shot(page, `${name}-01-${id}-drawer`);
      await page.keyboard.press('Escape');
      expect(await opener.getAttribute('aria-expanded')).toBe('false');
      expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
      await drawerClosed(id);
    }
  });

  it('builds P1 by touch: taps place ops, fingers drag them, tap a handle then another to connect', async () => {
    await command('New graph');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    // A pinch out first, so that seven nodes, wide while they wait for inputs, fit a phone's canvas.
    await pinch(page, await canvasPoint(page, 0.5, 0.6), 200, 120);
    expect(await zoomOf(page)).toBeLessThan(0.8);
    for (const { op, id, at } of P1_NODES) {
      await placeOp(op);
      const placed = node(page, id).locator('.op-node__main');
      await touchDrag(page, await centre(placed), await canvasPoint(page, at[0], at[1]));
      const box = await node(page, id).boundingBox();
      const want = await canvasPoint(page, at[0], at[1]);
      expect(Math.abs((box?.x ?? 0) + (box?.width ?? 0) / 2 - want.x), `${id} dragged`).toBeLessThan(40);
    }
    for (const [source, target, port] of P1_EDGES) {
      await tapAt(handle(page, source, 'out'));
      await tapAt(handle(page, target, port));
    }
    await shot(page, `${name}-02-wired`);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(P1_EDGES.length);
  });

  it('sets x = 2 and z = −3 in the inspector and gets P1’s values and gradients', async () => {
    for (const [id, value] of [
      ['x', '2'],
      ['z', '-3'],
    ]) {
      await tapAt(node(page, id).locator('.op-node__main'));
      if (compact) await page.getByTestId('open-inspector').tap();
      const field = page.getByRole('complementary', { name: 'Inspector' }).getByRole('textbox', { name: 'Value', exact: true });
      await field.fill(value);
      await field.press('Tab');
      if (compact) {
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByTestId('open-inspector').getAttribute('aria-expanded')).toBe('false');
        await drawerClosed('inspector');
      }
    }
    await expectText(page, 'status-output', '−6');
    await expectText(page, 'edge-value-expBase1-mul1-b', 'f6 = 2');
    await expectText(page, 'edge-grad-x-add1-a', 'b1 = −4.159');
    await expectText(page, 'edge-grad-z-mul1-a', 'b3 = 2');
  });

  it('plays it: forward then backward, every step', async () => {
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
    await page.getByRole('button', { name: 'Play', exact: true }).tap();
    await expectText(page, 'playback-position', '14 / 14');
    await shot(page, `${name}-03-played`);
    await page.getByRole('button', { name: /Show all/ }).tap();
    await expectText(page, 'playback-position', 'all shown');
  });

  it('shows an edge label’s full value on a tap, and a node’s menu on a long press', async () => {
    await page.locator('.react-flow__controls-fitview').tap();
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.5);
    await tapAt(page.getByTestId('edge-grad-neg1-add1-b'));
    await expect.poll(() => page.getByTestId('label-tip').textContent()).toContain('-4.1588830833596715');
    await page.getByTestId('label-tip').getByRole('button', { name: 'Close' }).tap();
    await expect.poll(() => page.getByTestId('label-tip').count()).toBe(0);
    await longPress(page, await centre(node(page, 'mul1').locator('.op-node__main')));
    const menu = page.getByRole('menu', { name: 'Node actions' });
    await menu.waitFor();
    const box = await menu.boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= width).toBe(true);
    await shot(page, `${name}-04-menu`);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
  });

  it('zooms with a pinch and pans with two fingers', async () => {
    const before = await zoomOf(page);
    // Fingers on the empty pane, between the nodes (on a node they would drag it).
    const at = await emptyCanvasPoint(page);
    await pinch(page, at, 30, 75);
    const after = await zoomOf(page);
    expect(after).toBeGreaterThan(before * 1.5);
    const x0 = await panX(page);
    await pinch(page, await emptyCanvasPoint(page), 30, 30, { x: -60, y: 0 });
    expect((await panX(page)) - x0).toBeLessThan(-40);
  });

  it('opens the exam sheet, which fits the window', async () => {
    await command('Exam sheet');
    const sheet = page.getByRole('dialog', { name: /exam/i });
    await sheet.waitFor();
    await page.waitForTimeout(500);
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    const box = await sheet.boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= width + 0.5).toBe(true);
    await shot(page, `${name}-05-exam`);
    await page.getByRole('button', { name: 'Close exam sheet' }).tap();
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    expect(await canvasWidth(page)).toBeGreaterThan(300);
    expect(errors).toEqual([]);
  });
});

describe.each([
  { width: 800, height: 450 },
  { width: 390, height: 844 },
])('the embed view in a $width × $height frame', ({ width, height }) => {
  let devices: Devices;
  let page: Page;
  beforeAll(async () => {
    devices = await startDevices();
    ({ page } = await devices.open(width, height));
    await page.goto(`${devices.url}?embed=1`);
    await node(page, 'mul').waitFor();
  });
  afterAll(async () => {
    await devices?.close();
  });

  it('keeps the graph clear of the explanation and every playback control inside the frame', async () => {
    const stepForward = page.getByRole('button', { name: 'Step forward' });
    for (let i = 0; i < 14; i++) await stepForward.tap();
    await expectText(page, 'playback-position', '14 / 14');
    await page.locator('.explain .katex').first().waitFor();
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    const canvas = await page.locator('.canvas').boundingBox();
    const explain = await page.locator('.explain').boundingBox();
    expect((canvas?.y ?? 0) + (canvas?.height ?? 0)).toBeLessThanOrEqual((explain?.y ?? 0) + 0.5);
    expect(canvas?.height).toBeGreaterThan(200);
    const controls = await page
      .getByRole('region', { name: 'Backprop playback' })
      .locator('button, select, input')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, width: r.width })));
    for (const c of controls) expect(c.width > 0 && c.left >= 0 && c.right <= width).toBe(true);
    await shot(page, `embed-${width}x${height}`);
  });
});
