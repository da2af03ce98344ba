import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { WELCOME_KEY } from '../../src/ui/welcome/first-visit';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'artifacts', 'e2e');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Harness {
  readonly url: string;
  readonly context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Serves dist/ with `vite preview` on a free port and opens Chromium with a fresh profile. */
export async function startHarness(viewport = { width: 1440, height: 900 }): Promise<Harness> {
  const port = await freePort();
  const server: PreviewServer = await preview({ logLevel: 'warn', preview: { port, strictPort: true, host: '127.0.0.1', open: false } });
  const url = `http://127.0.0.1:${port}/`;
  const profile = await mkdtemp(join(tmpdir(), 'backprop-e2e-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport, deviceScaleFactor: 1 });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    url,
    context,
    async newPage() {
      const page = await context.newPage();
      await preparePage(page);
      return page;
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * What every test page needs before its first load: tsx and vitest compile with esbuild's
 * keepNames, which wraps functions passed to page.evaluate in a __name helper that only exists in
 * Node; and, unless a test is about the first visit, the start screen counts as seen.
 */
export async function preparePage(page: Page, opts: { firstVisit?: boolean } = {}): Promise<void> {
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  if (!opts.firstVisit) await page.addInitScript({ content: `localStorage.setItem(${JSON.stringify(WELCOME_KEY)}, 'seen');` });
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

/** What a suite shares: the harness, one page on the editor with P1 loaded, and the page's errors. */
export interface EditorSuite {
  h: Harness;
  page: Page;
  readonly errors: string[];
}

/**
 * Registers the set-up and tear-down of a describe block that drives one editor page: the
 * harness is started, P1 is on screen before the first test, and everything closes afterwards.
 */
export function openEditorSuite(): EditorSuite {
  const suite = { errors: [] as string[] } as EditorSuite;
  beforeAll(async () => {
    suite.h = await startHarness();
    suite.page = await suite.h.newPage();
    suite.page.on('pageerror', (e) => suite.errors.push(e.message));
    await suite.page.goto(suite.h.url);
    await suite.page.locator('.react-flow__node[data-id="mul"]').waitFor();
  });
  afterAll(async () => {
    await suite.h?.close();
  });
  return suite;
}
