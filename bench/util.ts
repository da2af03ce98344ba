/** One measured row. `peer` ran in the same process on the same graph; ratio = ours / peer. */
export interface BenchRow {
  name: string;
  ours_ms: number;
  peer?: string;
  peer_ms?: number;
  ratio?: number;
  [extra: string]: unknown;
}

export type Report = (row: BenchRow) => void;

/**
 * Untimed runs before the timed ones. V8 first runs a WebAssembly function in its baseline tier and
 * swaps in optimised code only for later calls (a cold 512³ product takes twice as long as a warm
 * one), so one warm-up left the float32 conv rows, whose calls are few and long, timed partly in
 * the baseline tier. Ours and the peers get the same warm-up.
 */
const WARM_UP = 3;

function warmUp(fn: () => void): void {
  for (let i = 0; i < WARM_UP; i++) fn();
}

/** Best of `reps` timed runs after the warm-up, in milliseconds. */
export function timeBest(fn: () => void, reps: number): number {
  warmUp(fn);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Best wall time and best CPU time (this process, user + system) of `reps` runs after the warm-up,
 * in milliseconds. On a shared machine the wall time also counts other programs' turns on the
 * cores; for single-threaded work (ours, TF.js's CPU and WebAssembly backends in Node) the CPU
 * time is what the work itself cost.
 */
export function timeBoth(fn: () => void, reps: number): { ms: number; cpuMs: number } {
  warmUp(fn);
  let ms = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  }
  return { ms, cpuMs };
}

/** The same for async work (TF.js's data download). */
export async function timeBestAsync(fn: () => Promise<void>, reps: number): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
