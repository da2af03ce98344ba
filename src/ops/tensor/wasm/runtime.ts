import { KERNELS_WASM_BASE64 } from './kernels-wasm';

/** The exports of kernels.as; pointers are byte addresses into `memory`, strides count elements. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  packBytes(n: number): number;
  maxPool(
    planes: number,
    h: number,
    w: number,
    ho: number,
    wo: number,
    rows: number,
    rowStep: number,
    cols: number,
    colStep: number,
    x: number,
    out: number,
    dy: number,
    backward: boolean,
  ): void;
  avgPool(
    planes: number,
    h: number,
    w: number,
    ho: number,
    wo: number,
    rows: number,
    cols: number,
    includePad: boolean,
    x: number,
    out: number,
    dy: number,
    backward: boolean,
  ): void;
  gemm(...args: [...GemmHead, crs: number, ccs: number, pack: number]): void;
}

/** The head of a gemm call in either module: the sizes, then A's and B's addresses and strides, then C's address. */
export type GemmHead = [
  m: number,
  n: number,
  k: number,
  a: number,
  ars: number,
  acs: number,
  b: number,
  brs: number,
  bcs: number,
  c: number,
];

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes without atob or Buffer, so the engine needs nothing from the DOM or Node. */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | ALPHABET.indexOf(clean[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Chromium refuses to compile a module over 4 KB synchronously on the main thread, so the module
 * must stay under it (tests/unit/wasm-build.test.ts checks) for the kernels to load everywhere
 * with no async start-up.
 */
export const SYNC_COMPILE_LIMIT = 4096;

/**
 * Instantiates the kernels synchronously, or null where WebAssembly or its 128-bit SIMD is missing
 * (validating the module itself is the exact feature test: it fails on an engine without SIMD)
 * or the engine refuses to compile it here.
 */
export function instantiate<T = KernelExports>(bytes: Uint8Array<ArrayBuffer>): T | null {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
  try {
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as T;
  } catch {
    return null;
  }
}

/**
 * A kernel module instantiated on first use (`get`, null when the plain-JS kernels must run), which
 * threads.ts may `replace` with its instance of the same code on shared memory.
 */
export function lazyKernels<T>(base64: string): { readonly get: () => T | null; readonly replace: (k: T) => void } {
  let loaded: T | null | undefined;
  return {
    get: () => {
      if (loaded === undefined) loaded = instantiate<T>(decodeBase64(base64));
      return loaded;
    },
    replace: (k) => {
      loaded = k;
    },
  };
}

const f64 = lazyKernels<KernelExports>(KERNELS_WASM_BASE64);

/** The float64 kernels (kernels.as). */
export const kernels = f64.get;
export const replaceKernels = f64.replace;

/** The largest working set, in bytes, copied into the module's memory (which never shrinks) at once. */
export const MAX_WASM_BYTES = 512 * 1024 * 1024;

const align = (p: number): number => (p + 15) & ~15;

/**
 * Byte addresses, 16-aligned, of consecutive regions of the given sizes past the module's static
 * data, the memory grown to hold them; null when they would pass MAX_WASM_BYTES or the browser
 * refuses to grow the memory (the caller then runs the plain-JS kernel).
 */
export function regions(k: Pick<KernelExports, 'heapBase' | 'memory'>, bytes: readonly number[]): number[] | null {
  const at: number[] = [];
  let end = align(k.heapBase());
  for (const b of bytes) {
    at.push(end);
    end = align(end + b);
  }
  if (end > MAX_WASM_BYTES) return null;
  const have = k.memory.buffer.byteLength;
  if (end > have) {
    try {
      k.memory.grow(Math.ceil((end - have) / 65536));
    } catch {
      return null;
    }
  }
  return at;
}
