import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { serializeDocument } from '../../src/graph/load';
import type { GraphDocument } from '../../src/graph/schema';

const TIMEOUT = 10_000;

/** Waits until an element with this test id shows text matching, then asserts it (for a readable failure). */
export async function expectText(page: Page, testId: string, text: string | RegExp): Promise<void> {
  const loc = page.getByTestId(testId);
  const ok = (s: string | null) => s !== null && (typeof text === 'string' ? s === text : text.test(s));
  const deadline = Date.now() + TIMEOUT;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = (await loc.count()) > 0 ? await loc.first().textContent() : null;
    if (ok(last)) return;
    await page.waitForTimeout(50);
  }
  expect(last ?? '(no such element)', `text of ${testId}`).toMatch(
    typeof text === 'string' ? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : text,
  );
}

export async function centre(loc: Locator): Promise<{ x: number; y: number }> {
  await loc.waitFor({ state: 'visible', timeout: TIMEOUT });
  const box = await loc.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses, moves in small steps and releases the mouse: a real drag, as a person makes it. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 6, from.y + 4, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 16 });
  await page.mouse.up();
}

/** A point on the canvas, as fractions of its width and height. */
export async function canvasPoint(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('.canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

export async function dragOpToCanvas(page: Page, title: string, fx: number, fy: number): Promise<void> {
  const item = page.getByRole('complementary', { name: 'Op palette' }).getByRole('button', { name: title, exact: true });
  await drag(page, await centre(item), await canvasPoint(page, fx, fy));
}

export const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

export const handle = (page: Page, id: string, port: string) => node(page, id).locator(`.react-flow__handle[data-handleid="${port}"]`);

export async function connectPorts(page: Page, source: string, target: string, port: string): Promise<void> {
  await drag(page, await centre(handle(page, source, 'out')), await centre(handle(page, target, port)));
}

export async function selectNode(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.op-node__main').click();
}

/** Selects a node that may be off screen as a user would: the node list's Jump to, which centres it. */
export async function jumpToNode(page: Page, id: string): Promise<void> {
  const toggle = page.locator('.node-list-toggle');
  await toggle.click();
  await page.locator(`[data-testid="node-list-row"][data-id="${id}"] .node-list__jump`).click();
  await toggle.click();
  await node(page, id).locator('.op-node__main').waitFor();
}

/** Clicks an empty spot of the canvas, so keyboard shortcuts reach the editor. */
export async function focusCanvas(page: Page): Promise<void> {
  const p = await canvasPoint(page, 0.5, 0.92);
  await page.mouse.click(p.x, p.y);
}

/** A point of the canvas where nothing is drawn, so a drag there pans rather than moves a node. */
export async function emptyCanvasPoint(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('.canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  const found = await page.evaluate(({ x, y, width, height }) => {
    for (let fy = 0.95; fy > 0.2; fy -= 0.05) {
      for (let fx = 0.3; fx < 0.8; fx += 0.05) {
        const px = x + width * fx;
        const py = y + height * fy;
        if (document.elementFromPoint(px, py)?.classList.contains('react-flow__pane')) return { x: px, y: py };
      }
    }
    return null;
  }, box);
  if (!found) throw new Error('no empty spot on the canvas');
  return found;
}

export const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

export const valueField = (page: Page) => inspector(page).getByRole('textbox', { name: 'Value', exact: true });

export const docNodeIds = (page: Page): Promise<string[]> =>
  page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));

/** The canvas's current zoom factor. */
export const zoomOf = (page: Page): Promise<number> =>
  page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);

/** Wheels in over a node until the view is at 100% or more; returns the zoom reached. */
export async function zoomToNode(page: Page, id: string): Promise<number> {
  for (let i = 0; i < 40 && (await zoomOf(page)) < 1; i++) {
    const box = await node(page, id).boundingBox();
    if (!box) break;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(60);
  }
  return zoomOf(page);
}

/** Opens a file with the editor's Open file input, as a user picking it would: a document, or raw text or bytes. */
export async function openFile(page: Page, name: string, contents: GraphDocument | string | Buffer): Promise<void> {
  const buffer = Buffer.isBuffer(contents) ? contents : Buffer.from(typeof contents === 'string' ? contents : serializeDocument(contents));
  await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/json', buffer });
}
