import { heldOutAccuracy } from '../../graph/optim/accuracy';
import { resolveData } from '../../graph/optim/data';
import { train } from '../../graph/optim/loop';
import type { TrainReply, TrainRequest } from './train-protocol';

/** Steps between progress messages: often enough for a smooth bar and a prompt Stop, rarely enough that messages cost nothing. */
export const CHUNK = 5;

/**
 * The training worker's whole job, as a plain function: trains in chunks of at most CHUNK steps
 * (each resuming exactly where the last stopped: the document carries the optimizer state and the
 * step count), never across an epoch's end, posting progress after each. Between chunks it yields,
 * and ends when `stopped` says so (in a real worker the page terminates it instead).
 */
export async function runTrainJob(request: TrainRequest, post: (reply: TrainReply) => void, stopped: () => boolean): Promise<void> {
  const { generation, dataset, steps } = request;
  let doc = request.doc;
  try {
    const spec = doc.training?.data;
    const data = spec ? resolveData(doc, spec, dataset) : null;
    const n = data?.trainRows.length ?? 0;
    const batch = data?.batchSize ?? 1;
    const perEpoch = data ? Math.ceil(n / batch) : Infinity;
    // The samples in step t's batch: the last batch of an epoch is smaller.
    const rowsOf = (t: number) => (data ? Math.min(batch, n - (t % perEpoch) * batch) : 1);
    let epochLoss = 0;
    let epochRows = 0;
    let done = 0;
    while (done < steps) {
      const t0 = doc.training?.steps ?? 0;
      const toEpochEnd = perEpoch - (t0 % perEpoch);
      const k = Math.min(CHUNK, steps - done, toEpochEnd);
      const run = train(doc, { steps: k, dataset });
      doc = run.doc;
      done += k;
      const losses = run.losses.slice(0, k);
      losses.forEach((l, i) => {
        epochLoss += l * rowsOf(t0 + i);
        epochRows += rowsOf(t0 + i);
      });
      let epoch: Extract<TrainReply, { kind: 'progress' }>['epoch'];
      if (k === toEpochEnd) {
        const accuracy = spec?.heldOut ? heldOutAccuracy(doc, dataset) : undefined;
        epoch = { index: Math.round((t0 + k) / perEpoch), loss: epochLoss / epochRows, accuracy };
        epochLoss = epochRows = 0;
      }
      post({ generation, kind: 'progress', done, losses, epoch, doc, finished: done === steps });
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (stopped()) return;
    }
  } catch (e) {
    post({ generation, kind: 'failed', message: (e as Error).message });
  }
}
