import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEditorSuite, shot } from './harness';
import {
  canvasPoint,
  connectPorts,
  docNodeIds,
  drag,
  dragOpToCanvas,
  expectText,
  focusCanvas,
  inspector,
  node,
  openFile,
  selectNode,
  valueField,
} from './page-helpers';

const BAD_FILE = JSON.stringify({
  format: 'backprop-studio.graph',
  version: 1,
  nodes: [{ id: 'q', op: 'bogus', position: { x: 0, y: 0 } }],
  edges: [],
});

describe('Backprop Studio in Chromium', () => {
  const suite = openEditorSuite();
  const errors = suite.errors;
  let page: Page;
  beforeAll(() => ({ page } = suite));

  it('starts with P1, values and gradients on the edges', async () => {
    await expectText(page, 'edge-value-pow2-mul-b', 'f6 = 2');
    await expectText(page, 'edge-grad-pow2-mul-b', 'b6 = −3');
    await expectText(page, 'edge-grad-x-add-a', 'b1 = −4.159');
    expect(await page.getByTestId('edge-grad-x-add-a').getAttribute('title')).toContain('-4.1588830833596715');
    await shot(page, '01-p1-start');
  });

  it('builds x × y with the mouse: palette drags and handle-to-handle wiring', async () => {
    await page.getByRole('button', { name: 'New graph' }).click();
    // The new document opens once the library holds its entry.
    await expect.poll(() => docNodeIds(page)).toEqual([]);
    await dragOpToCanvas(page, 'Input', 0.25, 0.3);
    await dragOpToCanvas(page, 'Input', 0.25, 0.6);
    await dragOpToCanvas(page, 'Multiply', 0.6, 0.45);
    expect(await docNodeIds(page)).toEqual(['x', 'y', 'mul1']);
    const mulBox = await node(page, 'mul1').boundingBox();
    const drop = await canvasPoint(page, 0.6, 0.45);
    expect(Math.abs((mulBox?.x ?? 0) + (mulBox?.width ?? 0) / 2 - drop.x)).toBeLessThan(60);
    await connectPorts(page, 'x', 'mul1', 'a');
    await connectPorts(page, 'y', 'mul1', 'b');
    await expectText(page, 'edge-value-x-mul1-a', 'f1 = 1');
    await expectText(page, 'edge-value-y-mul1-b', 'f2 = 1');
  });

  it('types values and sees the product and the gradients', async () => {
    await selectNode(page, 'x');
    await valueField(page).fill('3');
    await selectNode(page, 'y');
    await valueField(page).fill('-4');
    await expectText(page, 'edge-value-x-mul1-a', 'f1 = 3');
    await expectText(page, 'edge-value-y-mul1-b', 'f2 = −4');
    await expectText(page, 'edge-grad-x-mul1-a', 'b1 = −4');
    await expectText(page, 'edge-grad-y-mul1-b', 'b2 = 3');
    await expectText(page, 'status-output', '−12');
    await shot(page, '02-product');
  });

  it('undoes and redoes from the keyboard', async () => {
    await focusCanvas(page);
    await page.keyboard.press('Control+z');
    await expectText(page, 'edge-value-y-mul1-b', 'f2 = 1');
    await expectText(page, 'edge-grad-x-mul1-a', 'b1 = 1');
    await page.keyboard.press('Control+Shift+z');
    await expectText(page, 'edge-grad-x-mul1-a', 'b1 = −4');
  });

  it('refuses a connection that would make a cycle, saying why', async () => {
    await dragOpToCanvas(page, 'Negate', 0.85, 0.45);
    await connectPorts(page, 'mul1', 'neg1', 'u');
    await expectText(page, 'edge-value-mul1-neg1-u', 'f3 = −12');
    await dragOpToCanvas(page, 'Add', 0.42, 0.8);
    await connectPorts(page, 'neg1', 'add1', 'a');
    await connectPorts(page, 'add1', 'mul1', 'a');
    await page.getByRole('alert').filter({ hasText: 'would create a cycle' }).waitFor();
    await shot(page, '03-refused-cycle');
    await page.getByRole('button', { name: 'Dismiss message' }).click();
  });

  it('sets the output from a node’s context menu', async () => {
    await expectText(page, 'edge-grad-y-mul1-b', 'b2 = —');
    await node(page, 'mul1').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Set as output' }).click();
    await expectText(page, 'edge-grad-y-mul1-b', 'b2 = 3');
  });

  it('restores the work after a reload', async () => {
    await page.reload();
    await expectText(page, 'edge-value-y-mul1-b', 'f2 = −4');
    await expectText(page, 'edge-grad-y-mul1-b', 'b2 = 3');
    expect(await docNodeIds(page)).toEqual(['x', 'y', 'mul1', 'neg1', 'add1']);
    await shot(page, '04-restored');
  });

  it('saves the document, viewport included, as JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('untitled-graph.json');
    const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
    expect(saved.nodes.map((n: { id: string }) => n.id)).toEqual(['x', 'y', 'mul1', 'neg1', 'add1']);
    expect(saved.output).toBe('mul1');
    expect(saved.view.zoom).toBeGreaterThan(0);
  });

  it('adds a node from the quick-add search opened by double-click', async () => {
    const p = await canvasPoint(page, 0.8, 0.15);
    await page.mouse.dblclick(p.x, p.y);
    await page.getByRole('combobox', { name: 'Search ops to add' }).fill('sigm');
    await shot(page, '05-quick-add');
    await page.keyboard.press('Enter');
    await node(page, 'sigmoid1').waitFor();
  });

  it('opens an example from the gallery', async () => {
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Examples' });
    await dialog.getByRole('heading', { name: 'P4. Convolution by hand' }).waitFor();
    await shot(page, '06-gallery');
    await dialog.getByRole('button', { name: 'Open P1. Backprop on f = z · 2^(x − y)' }).click();
    await expectText(page, 'edge-value-z-mul-a', 'f3 = −3');
    await expectText(page, 'edge-grad-z-mul-a', 'b3 = 2');
  });

  it('box-selects with Shift-drag, then copies and pastes', async () => {
    const x = await node(page, 'x').boundingBox();
    const z = await node(page, 'z').boundingBox();
    if (!x || !z) throw new Error('P1 inputs not drawn');
    await page.keyboard.down('Shift');
    await drag(page, { x: x.x - 20, y: x.y - 20 }, { x: z.x + z.width + 20, y: z.y + z.height + 20 });
    await page.keyboard.up('Shift');
    await inspector(page).getByRole('heading', { name: '3 nodes selected' }).waitFor();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node(page, 'w').waitFor();
    expect(await docNodeIds(page)).toEqual(['x', 'y', 'z', 'neg', 'add', 'pow2', 'mul', 'w', 'u', 'v']);
    await inspector(page).getByRole('heading', { name: '3 nodes selected' }).waitFor();
    await shot(page, '07-pasted');
    await page.keyboard.press('Control+z');
    expect(await docNodeIds(page)).toEqual(['x', 'y', 'z', 'neg', 'add', 'pow2', 'mul']);
  });

  it('imports an invalid file: the error lists paths and reasons, the graph stays', async () => {
    await openFile(page, 'broken.json', BAD_FILE);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Could not open "broken.json"' }).waitFor();
    expect(await alert.textContent()).toContain('nodes[0].op: unknown op "bogus"');
    await expectText(page, 'edge-grad-z-mul-a', 'b3 = 2');
    await shot(page, '08-import-error');
  });

  it('opens a .json file dropped on the canvas', async () => {
    const text = JSON.stringify({
      format: 'backprop-studio.graph',
      version: 1,
      title: 'Dropped',
      nodes: [
        { id: 'q', op: 'input', position: { x: 0, y: 0 }, value: 5 },
        { id: 's', op: 'square', position: { x: 200, y: 0 } },
      ],
      edges: [{ source: 'q', target: 's', port: 'u' }],
    });
    const dataTransfer = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.json', { type: 'application/json' }));
      return dt;
    }, text);
    await page.dispatchEvent('.react-flow__pane', 'drop', { dataTransfer });
    await expectText(page, 'edge-grad-q-s-u', 'b1 = 10');
    expect(await docNodeIds(page)).toEqual(['q', 's']);
  });

  it('evaluates a heavy graph (AlexNet conv1) in the worker, showing that it is busy', async () => {
    await page.evaluate(() => {
      const w = window as unknown as { sawBusy_: boolean };
      w.sawBusy_ = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="eval-progress"] [role="status"]')) w.sawBusy_ = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByRole('button', { name: /^Open P6\. AlexNet conv1/ }).click();
    await expectText(page, 'edge-value-image-conv1-x', 'f1 ∈ 3×227×227');
    expect(await page.evaluate(() => (window as unknown as { sawBusy_: boolean }).sawBusy_)).toBe(true);
    await expectText(page, 'eval-status', /\(worker(, \d threads)?\)$/);
    await selectNode(page, 'conv1');
    await inspector(page).getByText('64×56×56').first().waitFor();
    expect(await inspector(page).textContent()).toContain('23,296');
    expect(await inspector(page).textContent()).toContain('784 KB');
    await shot(page, '09-alexnet-worker');
  });

  it('switches to the dark theme', async () => {
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByRole('button', { name: 'Open P1. Backprop on f = z · 2^(x − y)' }).click();
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await page.getByRole('button', { name: 'Toggle light/dark theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await selectNode(page, 'pow2');
    await shot(page, '10-dark-inspector');
    expect(errors).toEqual([]);
  });
});
