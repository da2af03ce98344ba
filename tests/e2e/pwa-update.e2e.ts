import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, freePort, preparePage, shot } from './harness';
import { node } from './page-helpers';

const DIST = join(process.cwd(), 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/**
 * The second deployment: the same build with a changed page, as a redeploy changes it, and the
 * service worker's precache list saying so (workbox re-fetches an entry whose revision changed,
 * and the browser installs a worker whose bytes changed).
 */
async function buildB(): Promise<{ html: string; sw: string }> {
  const [html, sw] = await Promise.all([readFile(join(DIST, 'index.html'), 'utf8'), readFile(join(DIST, 'sw.js'), 'utf8')]);
  const next = html.replace('<head>', '<head>\n    <meta name="backprop-build" content="B" />');
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const entry = `{url:"index.html",revision:"${md5(html)}"}`;
  if (next === html || !sw.includes(entry)) throw new Error('dist/ is not the build this test knows how to change');
  return { html: next, sw: sw.replace(entry, `{url:"index.html",revision:"${md5(next)}"}`) };
}

/** Serves dist/ as deployment A, or, once `deployed` is set, the two files deployment B changes. */
function serve(port: number, deployed: () => { html: string; sw: string } | null): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/' ? '/index.html' : path;
    const b = deployed();
    const send = (body: string | Buffer) => {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    };
    if (b && file === '/index.html') return send(b.html);
    if (b && file === '/sw.js') return send(b.sw);
    readFile(join(DIST, file)).then(send, () => {
      res.writeHead(404);
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe('a new deployment: the update notice, and Reload brings the new version', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let url: string;
  let b: { html: string; sw: string } | null = null;
  const errors: string[] = [];
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    server = await serve(port, () => b);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await preparePage(page);
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('A is installed and controls the page after one reload; no notice', async () => {
    await page.goto(url);
    await node(page, 'mul').waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await node(page, 'mul').waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${url}sw.js`);
    expect(await page.locator('meta[name="backprop-build"]').count()).toBe(0);
    expect(await page.locator('.notice').count()).toBe(0);
  });

  it('B is deployed: the next visit finds it, the notice offers Reload, and Reload shows B with the document kept', async () => {
    b = await buildB();
    // A document the user has made, which the update must not lose.
    await page.getByRole('button', { name: 'New graph', exact: true }).click();
    await page.getByRole('textbox', { name: 'Formula' }).fill('x * y + 3');
    await page.getByRole('textbox', { name: 'Input values' }).fill('x=2, y=5');
    await page.getByRole('button', { name: 'Build graph' }).click();
    await expect.poll(() => page.getByTestId('status-output').textContent()).toBe('13');
    // The browser checks for a new worker on a navigation, as a returning visitor's is.
    await page.reload();
    const notice = page.locator('.notice', { hasText: 'A new version of Backprop Studio is ready.' });
    await notice.waitFor({ timeout: 30_000 });
    // A's page, from A's cache, until the user says so.
    expect(await page.locator('meta[name="backprop-build"]').count()).toBe(0);
    await shot(page, 'pwa-update-notice');
    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
    await expect.poll(() => page.locator('meta[name="backprop-build"]').getAttribute('content'), { timeout: 30_000 }).toBe('B');
    await expect.poll(() => page.getByTestId('status-output').textContent(), { timeout: 30_000 }).toBe('13');
    expect(await page.locator('.notice', { hasText: 'A new version' }).count()).toBe(0);
    await shot(page, 'pwa-update-reloaded');
    expect(errors).toEqual([]);
  });
});
