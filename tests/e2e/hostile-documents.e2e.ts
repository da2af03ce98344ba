import { compressToEncodedURIComponent } from 'lz-string';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, startHarness, type Harness } from './harness';
import { expectText, openFile } from './page-helpers';

const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const at = (x: number, y = 0) => ({ x, y });
const doc = (extra: object) => ({ format: 'backprop-studio.graph', version: 1, ...extra });

/** f = r · r · k at r = 3, k = 5, the input named `__proto__`: df/dr = 2rk = 30. */
const PROTO = doc({
  title: 'Proto',
  nodes: [
    { id: '__proto__', op: 'input', value: 3, position: at(0) },
    { id: 'k', op: 'input', value: 5, position: at(0, 120) },
    { id: 'sq', op: 'mul', position: at(220) },
    { id: 'f', op: 'mul', position: at(440) },
  ],
  edges: [
    { source: '__proto__', target: 'sq', port: 'a' },
    { source: '__proto__', target: 'sq', port: 'b' },
    { source: 'sq', target: 'f', port: 'a' },
    { source: 'k', target: 'f', port: 'b' },
  ],
  output: 'f',
});

describe('hostile documents in the browser', () => {
  let h: Harness;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    page = await h.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(() => h.close());

  it('a share link nested 100,000 levels deep: a message naming the path, the editor stays usable', async () => {
    const text = JSON.stringify(doc({ nodes: [], edges: [], meta: { notes: '@' } })).replace('"@"', DEEP);
    await page.goto(`${h.url}#g=${compressToEncodedURIComponent(text)}`);
    const alert = page.getByRole('alert').filter({ hasText: 'This shared link could not be opened' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'meta.notes[0][0][0][0][0][0]…: nests deeper than 64 levels, the limit for any value in a document',
    );
    await page.locator('.react-flow__node[data-id="mul"]').waitFor();
    await shot(page, 'hostile-01-deep-link');
    expect(errors).toEqual([]);
  });

  it('a file nested as deep: refused with the path, the graph unchanged', async () => {
    const text = JSON.stringify(doc({ nodes: [], edges: [], expected: { gradients: { x: '@' } } })).replace('"@"', DEEP);
    await openFile(page, 'deep.json', text);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not open "deep.json"' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('expected.gradients.x[0][0][0][0][0]…: nests deeper than 64 levels');
    await page.locator('.react-flow__node[data-id="mul"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('a file with a byte-order mark opens, and an input named __proto__ gets its gradient 2rk = 30', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(PROTO))]);
    await openFile(page, 'proto.json', bytes);
    await page
      .getByRole('status')
      .filter({ hasText: 'Opened Proto as a new document.' })
      .or(page.getByText('Opened Proto as a new document.'))
      .first()
      .waitFor();
    await page.locator('.react-flow__node[data-id="__proto__"]').waitFor();
    await expectText(page, 'edge-grad-__proto__-sq-a', 'b1 = 30');
    await expectText(page, 'edge-grad-k-f-b', 'b2 = 9');
    await shot(page, 'hostile-02-proto');
    expect(errors).toEqual([]);
  });
});
