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

/** Best of `reps` timed runs after one warm-up, in milliseconds. */
export function timeBest(fn: () => void, reps: number): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
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
