import { KERNELS_SHARED_WASM_BASE64 } from './kernels-shared-wasm';
import { KERNELS32_SHARED_WASM_BASE64 } from './kernels32-shared-wasm';
import { decodeBase64, MAX_WASM_BYTES } from './runtime';

/**
 * Helper threads for the WebAssembly GEMMs. The thread that evaluates (a web worker, or Node's
 * main thread) instantiates the shared-memory builds of both modules (kernels-shared-wasm.ts,
 * kernels32-shared-wasm.ts); each helper instantiates the same modules on the same memories, so
 * a product's operands are copied in once and every thread reads them where they lie. A product
 * is cut into bands of whole columns (or rows), one per thread; each element's sum is still taken
 * in the same order by one thread, so a threaded result is bit-identical to a single-threaded one.
 *
 * The threads meet on a small Int32Array: the evaluating thread writes each helper's arguments,
 * bumps a generation counter and sleeps (Atomics.wait) until the helpers have counted a pending
 * counter down. Atomics.wait is refused on a browser's main thread, so only workers and Node start
 * threads; everywhere else, and whenever shared memory is missing (a page that is not
 * cross-origin isolated), products run on one thread as before.
 */

/** Where the threads' shared words are in the control array. */
export interface ControlLayout {
  readonly generation: number;
  readonly pending: number;
  readonly ready: number;
  readonly quit: number;
  readonly failed: number;
  /**
   * Index of helper 0's slot: the module (1-based, 0 for no work), the entry (an index into
   * ENTRIES), the argument count, the arguments.
   */
  readonly slots: number;
  readonly slotSize: number;
}

const LAYOUT: ControlLayout = { generation: 0, pending: 1, ready: 2, quit: 3, failed: 4, slots: 8, slotSize: 32 };

/** The exports a helper can be asked to run, by index; a module without one of them never is. */
const ENTRIES = ['gemm', 'convRows'] as const;

/** What a band runs: [module, entry]. */
export type Job = readonly [module: number, entry: number];

/** Float64 GEMM (kernels.as), float32 GEMM and float32 convolution rows (kernels32.as). */
export const GEMM64: Job = [1, 0];
export const GEMM32: Job = [2, 0];
export const CONV_ROWS32: Job = [2, 1];

/** What a helper thread is started with; every field survives structured cloning to a worker. */
export interface ThreadInit {
  readonly modules: readonly WebAssembly.Module[];
  readonly memories: readonly WebAssembly.Memory[];
  readonly control: SharedArrayBuffer;
  readonly layout: ControlLayout;
  readonly entries: readonly string[];
  readonly index: number;
}

/**
 * A helper thread's whole life: instantiate the modules, say it is ready, then run one band per
 * generation until told to quit. It uses nothing but its argument and the language's globals, so a
 * host may start it from its source text (`(${threadLoop})(init)`, as Node's eval workers do).
 */
export function threadLoop(init: ThreadInit): void {
  const L = init.layout;
  const fns = init.modules.map((module, i) => {
    const exports = new WebAssembly.Instance(module, { env: { memory: init.memories[i] } }).exports as Record<
      string,
      (...args: number[]) => void
    >;
    return init.entries.map((name) => exports[name]);
  });
  const ctl = new Int32Array(init.control);
  let seen = Atomics.load(ctl, L.generation);
  Atomics.add(ctl, L.ready, 1);
  Atomics.notify(ctl, L.ready);
  for (;;) {
    Atomics.wait(ctl, L.generation, seen);
    seen = Atomics.load(ctl, L.generation);
    if (Atomics.load(ctl, L.quit) !== 0) return;
    const at = L.slots + init.index * L.slotSize;
    try {
      if (ctl[at] !== 0) fns[ctl[at] - 1][ctl[at + 1]](...Array.from(ctl.subarray(at + 3, at + 3 + ctl[at + 2])));
    } catch {
      Atomics.store(ctl, L.failed, 1);
    }
    if (Atomics.sub(ctl, L.pending, 1) === 1) Atomics.notify(ctl, L.pending);
  }
}

/** A started helper, as its host made it. */
export interface HelperThread {
  terminate(): unknown;
}

/** The instances the evaluating thread uses once threads start: the same exports as the unshared builds. */
export interface SharedKernels {
  readonly f64: WebAssembly.Exports;
  readonly f32: WebAssembly.Exports;
}

interface Pool {
  readonly ctl: Int32Array;
  readonly helpers: readonly HelperThread[];
  readonly kernels: SharedKernels;
}

let pool: Pool | null = null;

/** The host's way to start threads, called at the first product big enough to share (see startOnDemand). */
let starter: (() => void) | null = null;

/**
 * Defers starting threads until a product of at least THREAD_MIN_MACS multiply-adds comes: a
 * command that computes nothing big (most of the CLI's) then starts no thread. The helpers become
 * ready while that product runs, and share the products after it.
 */
export function startOnDemand(start: () => void): void {
  starter = start;
}

const PAGES = MAX_WASM_BYTES / 65536;

/**
 * Starts `count` helper threads, each made by `spawn` (the host's: a web worker or a Node worker
 * that calls threadLoop with the init it is given). Returns the shared instances the kernels must
 * switch to, or null where threads cannot run (no SharedArrayBuffer, no shared WebAssembly memory,
 * or already started), in which case nothing changed.
 */
export function startThreads(count: number, spawn: (init: ThreadInit) => HelperThread): SharedKernels | null {
  if (pool || count < 1 || typeof SharedArrayBuffer !== 'function' || typeof WebAssembly !== 'object') return null;
  let modules: WebAssembly.Module[];
  let memories: WebAssembly.Memory[];
  let kernels: SharedKernels;
  try {
    modules = [KERNELS_SHARED_WASM_BASE64, KERNELS32_SHARED_WASM_BASE64].map((b) => new WebAssembly.Module(decodeBase64(b)));
    memories = modules.map(() => new WebAssembly.Memory({ initial: 1, maximum: PAGES, shared: true }));
    const [f64, f32] = modules.map((m, i) => new WebAssembly.Instance(m, { env: { memory: memories[i] } }).exports);
    kernels = { f64, f32 };
  } catch {
    return null;
  }
  const control = new SharedArrayBuffer((LAYOUT.slots + count * LAYOUT.slotSize) * 4);
  const helpers = Array.from({ length: count }, (_, index) =>
    spawn({ modules, memories, control, layout: LAYOUT, entries: ENTRIES, index }),
  );
  pool = { ctl: new Int32Array(control), helpers, kernels };
  return kernels;
}

/** Ends the helper threads; products run on one thread again (on the shared instances, which stay valid). */
export function stopThreads(): void {
  if (!pool) return;
  const { ctl, helpers } = pool;
  pool = null;
  Atomics.store(ctl, LAYOUT.quit, 1);
  Atomics.add(ctl, LAYOUT.generation, 1);
  Atomics.notify(ctl, LAYOUT.generation);
  for (const h of helpers) h.terminate();
}

/** Threads a product can use now: 1, plus the helpers once every one of them has started. */
export function threadCount(): number {
  if (!pool) return 1;
  return Atomics.load(pool.ctl, LAYOUT.ready) === pool.helpers.length ? pool.helpers.length + 1 : 1;
}

/**
 * Runs `job` once per band of arguments: `bands[0]` on this thread (through `own`, this thread's
 * export of the same entry), the rest on helpers 0, 1, ... (at most threadCount() bands), and
 * returns when all are done. Throws if a helper failed, since its share of the work is missing.
 */
export function runBands(job: Job, bands: readonly (readonly number[])[], own: (...args: number[]) => void): void {
  const p = pool;
  if (!p || bands.length === 1) {
    own(...bands[0]);
    return;
  }
  const { ctl } = p;
  for (let h = 0; h < p.helpers.length; h++) {
    const at = LAYOUT.slots + h * LAYOUT.slotSize;
    const args = bands[h + 1];
    ctl[at] = args ? job[0] : 0;
    if (args) {
      ctl[at + 1] = job[1];
      ctl[at + 2] = args.length;
      ctl.set(args, at + 3);
    }
  }
  Atomics.store(ctl, LAYOUT.pending, p.helpers.length);
  Atomics.add(ctl, LAYOUT.generation, 1);
  Atomics.notify(ctl, LAYOUT.generation);
  own(...bands[0]);
  for (let left = Atomics.load(ctl, LAYOUT.pending); left !== 0; left = Atomics.load(ctl, LAYOUT.pending)) {
    Atomics.wait(ctl, LAYOUT.pending, left);
  }
  if (Atomics.exchange(ctl, LAYOUT.failed, 0) !== 0) throw new Error('a helper thread failed part of a matrix product');
}

/**
 * Cuts [0, total) into at most `parts` bands, each a multiple of `unit` long but the last, none
 * shorter than `unit`: [start, length] pairs.
 */
export function cut(total: number, parts: number, unit: number): [number, number][] {
  const units = Math.ceil(total / unit);
  const n = Math.max(1, Math.min(parts, units));
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = Math.min(total, Math.round(((i + 1) * units) / n) * unit);
    if (end > start) out.push([start, end - start]);
    start = end;
  }
  return out;
}

/** One thread's share of a product: rows [i0, i0+rows) × columns [j0, j0+cols) of C. */
export interface Band {
  readonly i0: number;
  readonly rows: number;
  readonly j0: number;
  readonly cols: number;
}

/**
 * Products under this many multiply-adds stay on one thread: waking the helpers and waiting for
 * them costs tens of microseconds, about what 2²⁰ multiply-adds take.
 */
const THREAD_MIN_MACS = 1 << 20;

/** Threads worth using for work of this many multiply-adds, at most `most`. */
export function threadsFor(macs: number, most = Infinity): number {
  if (macs < THREAD_MIN_MACS) return 1;
  if (starter) {
    const start = starter;
    starter = null;
    start();
  }
  return Math.min(most, threadCount());
}

/**
 * How to share C (m×n) = A·B (inner size k) among the threads there are: along the longer side, in
 * bands of whole micro-tiles (mr rows or nr columns), so no thread sums more edge tiles than one
 * thread alone would. At most `most` bands: a caller that set aside scratch for some number of
 * threads keeps to it even if more helpers become ready meanwhile.
 */
export function productBands(m: number, n: number, k: number, mr: number, nr: number, most = Infinity): Band[] {
  const threads = threadsFor(m * n * k, most);
  if (n >= m) return cut(n, threads, nr).map(([j0, cols]) => ({ i0: 0, rows: m, j0, cols }));
  return cut(m, threads, mr).map(([i0, rows]) => ({ i0, rows, j0: 0, cols: n }));
}
