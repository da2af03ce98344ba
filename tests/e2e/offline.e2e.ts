import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePage, shot } from './harness';
import { expectText, node } from './page-helpers';
import { startDevices, type Devices } from './touch-helpers';

describe('offline after one visit (the service worker)', () => {
  let devices: Devices;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    devices = await startDevices();
    context = await devices.browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await preparePage(page);
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await devices?.close();
  });

  it('is installable: a manifest with a name and an icon', async () => {
    await page.goto(devices.url);
    await node(page, 'mul').waitFor();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(new URL(href ?? '', devices.url).href)).json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'Backprop Studio', display: 'standalone', start_url: '/' });
    expect(manifest.icons).toEqual([expect.objectContaining({ src: 'icon.svg' })]);
  });

  it('is cross-origin isolated, so SharedArrayBuffer exists for threaded kernels', async () => {
    expect(await page.evaluate(() => [crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([true, 'function']);
  });

  it('reloads with no network, then builds and plays a graph, with KaTeX, its fonts, the exact engine and an example', async () => {
    // Installed once every chunk, font and example is precached.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await context.setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('/examples/p1-backprop.json?no-cache').then(
          () => 'online',
          () => 'offline',
        ),
      ),
    ).toBe('offline');
    await page.reload();
    await node(page, 'mul').waitFor();
    // Served from the service worker's cache, the page is still cross-origin isolated.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.getByRole('button', { name: 'New graph' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    await page.getByRole('textbox', { name: 'Formula' }).fill('z * 2^(x - y)');
    await page.getByRole('textbox', { name: 'Input values' }).fill('x=2, y=1, z=-3');
    await page.getByRole('button', { name: 'Build graph' }).click();
    await expectText(page, 'status-output', '−6');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
    await expectText(page, 'playback-position', '14 / 14');
    // The explanation lazily loads KaTeX and the exact engine (mathjs in a worker): both from the cache.
    await expectText(page, 'exact-state', 'exact forms on');
    await expect.poll(() => page.locator('.explain .katex').count()).toBeGreaterThan(0);
    const katexFonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').length;
    });
    expect(katexFonts).toBeGreaterThan(0);
    await shot(page, 'offline-played');
    await page.getByRole('button', { name: 'Examples' }).click();
    await page.getByRole('button', { name: /^Open P12/ }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBeGreaterThan(2);
    expect(errors).toEqual([]);
  });
});
