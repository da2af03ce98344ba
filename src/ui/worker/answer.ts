import { analyzePlan } from '../../graph/analyze';
import { compile } from '../../graph/compile';
import { streamTangents, streamTrace } from '../../graph/trace-stream';
import { tangentTarget } from '../forward/target';
import type { EvalReply, EvalRequest, TangentReply, TraceReply } from '../eval/protocol';
import { snapshotOf, transferables } from '../eval/results';
import { chunkSink } from './trace-chunks';
import { threadCount } from '../../ops/tensor/wasm/threads';

/**
 * The worker's whole job, as a plain function: evaluate one request, posting the step trace
 * through `post` as it is computed (then forward mode's steps through `postTangents`, if asked), and say which buffers
 * of the answer to transfer.
 */
export function answer(
  request: EvalRequest,
  post: (partial: TraceReply) => void = () => undefined,
  postTangents: (partial: TangentReply) => void = () => undefined,
): { reply: EvalReply; transfer: ArrayBuffer[] } {
  const { generation, doc, fastFloat32, tangent } = request;
  const t0 = performance.now();
  try {
    const plan = compile(doc);
    const ev = streamTrace(
      plan,
      chunkSink(plan, (chunk) => post({ generation, partial: true, chunk })),
      { fastFloat32 },
    );
    if (tangent) {
      const target = tangentTarget(plan, tangent);
      if (target) postTangents({ generation, partial: true, tangents: streamTangents(ev, target) });
    }
    const snapshot = snapshotOf(analyzePlan(plan, ev));
    return {
      reply: { generation, ok: true, snapshot, ms: performance.now() - t0, threads: threadCount() },
      transfer: transferables(snapshot),
    };
  } catch (err) {
    return { reply: { generation, ok: false, message: (err as Error).message }, transfer: [] };
  }
}
