import { analyze } from '../../graph/analyze';
import type { EvalReply, EvalRequest } from '../eval/protocol';
import { snapshotOf, transferables } from '../eval/results';

/** The worker's whole job, as a plain function: evaluate one request and say which buffers to transfer. */
export function answer(request: EvalRequest): { reply: EvalReply; transfer: ArrayBuffer[] } {
  const { generation, doc, fastFloat32 } = request;
  const t0 = performance.now();
  try {
    const snapshot = snapshotOf(analyze(doc, { fastFloat32 }));
    return { reply: { generation, ok: true, snapshot, ms: performance.now() - t0 }, transfer: transferables(snapshot) };
  } catch (err) {
    return { reply: { generation, ok: false, message: (err as Error).message }, transfer: [] };
  }
}
