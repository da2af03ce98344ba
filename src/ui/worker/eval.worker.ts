import { analyze } from '../../graph/analyze';
import type { EvalReply, EvalRequest } from '../eval/evaluator';
import { snapshotOf, transferables } from '../eval/results';

/** Evaluates heavy documents off the main thread and posts back plain per-node results. */
self.onmessage = (e: MessageEvent<EvalRequest>) => {
  const { generation, doc } = e.data;
  const t0 = performance.now();
  let reply: EvalReply;
  try {
    const snapshot = snapshotOf(analyze(doc));
    reply = { generation, ok: true, snapshot, ms: performance.now() - t0 };
  } catch (err) {
    reply = { generation, ok: false, message: (err as Error).message };
  }
  self.postMessage(reply, { transfer: reply.ok ? transferables(reply.snapshot) : [] });
};
