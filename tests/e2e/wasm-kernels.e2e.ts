import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './harness';

/**
 * The engine's own kernel modules, bundled as the app bundles them, run in real Chromium on the main
 * thread and in a worker: the WebAssembly module must compile synchronously in both (Chromium caps
 * that at 4 KB on the main thread) and give the plain-JS kernels' bits.
 */
const ENTRY = `
import { gemm, gemmJs, mat } from './src/ops/tensor/kernels/gemm';
import { kernels } from './src/ops/tensor/wasm/runtime';
export function check() {
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const [m, n, k] = [37, 41, 300];
  const a = Float64Array.from({ length: m * k }, next);
  const b = Float64Array.from({ length: k * n }, next);
  const viaWasm = new Float64Array(m * n);
  const viaJs = new Float64Array(m * n);
  gemm(m, n, k, mat(a, k), mat(b, n), mat(viaWasm, n));
  gemmJs(m, n, k, mat(a, k), mat(b, n), mat(viaJs, n));
  let naive = 0;
  for (let p = 0; p < k; p++) naive += a[(m - 1) * k + p] * b[p * n + n - 1];
  return { loaded: kernels() !== null, same: viaWasm.every((v, i) => Object.is(v, viaJs[i])), last: viaWasm[m * n - 1], naive };
}
`;

let browser: Browser;
let code: string;

beforeAll(async () => {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: 'WasmCheck',
    write: false,
  });
  code = out.outputFiles[0].text;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
});

interface Result {
  loaded: boolean;
  same: boolean;
  last: number;
  naive: number;
}

function expectKernels(r: Result): void {
  expect(r.loaded).toBe(true);
  expect(r.same).toBe(true);
  expect(Math.abs(r.last - r.naive)).toBeLessThan(1e-12);
}

describe('WebAssembly SIMD kernels in Chromium', () => {
  it('load synchronously on the main thread and match the JS kernel bit for bit', async () => {
    const page = await browser.newPage();
    await page.addScriptTag({ content: code });
    expectKernels(await page.evaluate(() => (globalThis as unknown as { WasmCheck: { check(): Result } }).WasmCheck.check()));
  });

  it('load in a web worker and match the JS kernel bit for bit', async () => {
    const page = await browser.newPage();
    const r = await page.evaluate(
      (src) =>
        new Promise<Result>((resolve, reject) => {
          const url = URL.createObjectURL(new Blob([`${src};postMessage(WasmCheck.check());`], { type: 'text/javascript' }));
          const worker = new Worker(url);
          worker.onmessage = (e: MessageEvent<Result>) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
        }),
      code,
    );
    expectKernels(r);
  });
});
