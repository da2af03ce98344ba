import { spawnSync } from 'node:child_process';
import type { Report } from './util';

/** Best wall time of `reps` runs of a Node process, in milliseconds. */
function bestRun(args: readonly string[], reps: number): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * The command line's start-up: `eval` of P1 through the bundled launcher, and through tsx as
 * it ran before, against an empty Node process (the floor any CLI pays).
 */
export function runCliBench(report: Report): void {
  const p1 = ['eval', 'public/examples/p1-backprop.json'];
  bestRun(['scripts/backprop.mjs', ...p1], 1); // builds the bundle if a source changed
  const empty = bestRun(['-e', ''], 5);
  report({ name: 'cli eval p1 (bundled)', ours_ms: bestRun(['scripts/backprop.mjs', ...p1], 5), peer: 'node -e ""', peer_ms: empty });
  report({
    name: 'cli eval p1 (tsx, before)',
    ours_ms: bestRun(['--import', 'tsx', 'src/cli/main.ts', ...p1], 5),
    peer: 'node -e ""',
    peer_ms: empty,
  });
}
