import type { EvalRequest } from '../eval/protocol';
import { answer } from './answer';
import { startWorkerThreads } from './threads';

const threads = startWorkerThreads();

/** Evaluates heavy documents off the main thread: posts the step trace as it goes, forward mode's steps if asked, then plain per-node results. */
self.onmessage = async (e: MessageEvent<EvalRequest>) => {
  await threads;
  const { reply, transfer } = answer(
    e.data,
    (partial) => self.postMessage(partial),
    (partial) => self.postMessage(partial),
  );
  self.postMessage(reply, { transfer });
};
