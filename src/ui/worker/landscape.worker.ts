import { answerGrid, type GridRequest } from '../landscape/grid-job';

/** Samples a loss landscape off the main thread, for graphs too slow to sample while the user pans. */
self.onmessage = (e: MessageEvent<GridRequest>) => {
  self.postMessage(answerGrid(e.data));
};
