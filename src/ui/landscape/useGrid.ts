import { useEffect, useMemo, useState } from 'react';
import { gridOf, type Coord, type Grid, type Surface } from '../../graph/optim/landscape';
import type { GraphDocument } from '../../graph/schema';
import { InProcessWorker } from '../worker/in-process-worker';
import { WorkerRunner, type WorkerPort } from '../worker/runner';
import { answerGrid, type GridReply, type GridRequest } from './grid-job';
import type { Range } from './landscape-state';

/** Main-thread time one grid may take; beyond it (even at the smallest grid) the worker samples it. */
export const BUDGET_MS = 120;
const SMALLEST = 16;

/** The real worker, bundled by Vite; jsdom has none, so the same code then answers in this thread. */
const gridWorker = (): WorkerPort<GridRequest, GridReply> =>
  typeof Worker === 'undefined'
    ? new InProcessWorker(answerGrid, 0)
    : (new Worker(new URL('../worker/landscape.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerPort<
        GridRequest,
        GridReply
      >);

export type GridState = { readonly grid: Grid | null; readonly busy: boolean; readonly problem: string | null };

/**
 * The landscape's grid over x × y: sampled right here when the whole grid fits the budget (panning
 * stays instant), else in a worker, the previous grid shown meanwhile; the newest request wins.
 */
export function useGrid(
  surface: Surface | null,
  doc: GraphDocument,
  pair: readonly [Coord, Coord],
  x: Range,
  y: Range,
  side: number,
  msPerPoint: number,
): GridState {
  const slow = msPerPoint * SMALLEST * SMALLEST > BUDGET_MS;
  const local = useMemo(() => (surface && !slow ? gridOf(surface, x, y, side, side) : null), [surface, slow, x, y, side]);
  const [remote, setRemote] = useState<{ grid: Grid | null; busy: boolean; problem: string | null }>({
    grid: null,
    busy: false,
    problem: null,
  });
  const runner = useMemo(
    () =>
      new WorkerRunner<Omit<GridRequest, 'generation'>, GridReply>(gridWorker, {
        started: () => setRemote((r) => ({ ...r, busy: true })),
        finished: (_job, reply) =>
          setRemote(reply.ok ? { grid: reply.grid, busy: false, problem: null } : { grid: null, busy: false, problem: reply.message }),
        crashed: (_job, message) => setRemote({ grid: null, busy: false, problem: message || 'the landscape worker stopped' }),
      }),
    [],
  );
  useEffect(() => () => void runner.stop(), [runner]);
  useEffect(() => {
    if (surface && slow) runner.submit({ doc, pair, x, y, side: SMALLEST });
  }, [runner, surface, slow, doc, pair, x, y]);
  return slow ? remote : { grid: local, busy: false, problem: null };
}
