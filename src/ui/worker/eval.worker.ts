import type { EvalRequest } from '../eval/protocol';
import { answer } from './answer';

/** Evaluates heavy documents off the main thread and posts back plain per-node results. */
self.onmessage = (e: MessageEvent<EvalRequest>) => {
  const { reply, transfer } = answer(e.data);
  self.postMessage(reply, { transfer });
};
