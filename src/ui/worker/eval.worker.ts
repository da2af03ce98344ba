import type { EvalRequest } from '../eval/protocol';
import { answer } from './answer';
import { startWorkerThreads } from './threads';

startWorkerThreads();

/** Evaluates heavy documents off the main thread: posts the step trace as it goes, then plain per-node results. */
self.onmessage = (e: MessageEvent<EvalRequest>) => {
  const { reply, transfer } = answer(e.data, (partial) => self.postMessage(partial));
  self.postMessage(reply, { transfer });
};
