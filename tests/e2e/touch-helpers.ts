import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { ARTIFACTS, CHROMIUM, freePort, preparePage } from './harness';

type Point = { x: number; y: number };

/** `vite preview` of dist/ and one Chromium, for contexts that emulate phones and tablets. */
export interface Devices {
  readonly url: string;
  readonly browser: Browser;
  /** A fresh context (its own storage) of this size, with a touch screen and mobile emulation. */
  open(width: number, height: number): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startDevices(): Promise<Devices> {
  const port = await freePort();
  const server: PreviewServer = await preview({ logLevel: 'warn', preview: { port, strictPort: true, host: '127.0.0.1', open: false } });
  const url = `http://127.0.0.1:${port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    url,
    browser,
    async open(width, height) {
      const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await preparePage(page);
      return { context, page };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}

/** Fingers as Chromium receives them from a touch screen: each entry is one frame of touch points. */
async function touchFrames(page: Page, frames: readonly Point[][], holdMs = 0): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const send = (type: 'touchStart' | 'touchMove' | 'touchEnd', touchPoints: Point[]) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: touchPoints.map((p, id) => ({ ...p, id })) });
  await send('touchStart', frames[0]);
  if (holdMs) await page.waitForTimeout(holdMs);
  for (const f of frames.slice(1)) await send('touchMove', f);
  await send('touchEnd', []);
  await cdp.detach();
}

const lerp = (a: Point, b: Point, t: number): Point => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

/** One finger pressed at `from`, slid to `to` in small steps, lifted. */
export function touchDrag(page: Page, from: Point, to: Point, steps = 14): Promise<void> {
  return touchFrames(
    page,
    Array.from({ length: steps + 1 }, (_, i) => [lerp(from, to, i / steps)]),
  );
}

/** One finger resting on a point for `ms`, then lifted. */
export const longPress = (page: Page, at: Point, ms = 900): Promise<void> => touchFrames(page, [[at]], ms);

/** Two fingers about `centre` moving from `d0` apart to `d1` apart, and the pair moved by `shift`: pinch and pan in one gesture. */
export function pinch(page: Page, centre: Point, d0: number, d1: number, shift: Point = { x: 0, y: 0 }, steps = 12): Promise<void> {
  return touchFrames(
    page,
    Array.from({ length: steps + 1 }, (_, i) => {
      const t = i / steps;
      const d = (d0 + (d1 - d0) * t) / 2;
      const c = { x: centre.x + shift.x * t, y: centre.y + shift.y * t };
      return [
        { x: c.x - d, y: c.y },
        { x: c.x + d, y: c.y },
      ];
    }),
  );
}

/** The page scrolls sideways if its content is wider than the window. */
export const overflowX = (page: Page): Promise<number> =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);
