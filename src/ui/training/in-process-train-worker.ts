import type { WorkerPort } from '../worker/runner';
import { runTrainJob } from './train-job';
import type { TrainReply, TrainRequest } from './train-protocol';

/**
 * The training worker's code behind the Worker interface, in this thread: for jsdom, which has no
 * workers, and for tests of the protocol with the real engine training. Messages are
 * structured-cloned both ways as postMessage would; after `terminate` nothing more arrives and the
 * job ends at its next chunk.
 */
export class InProcessTrainWorker implements WorkerPort<TrainRequest, TrainReply> {
  onmessage: ((e: { readonly data: TrainReply }) => void) | null = null;
  onerror: ((e: { readonly message: string; preventDefault(): void }) => void) | null = null;
  private terminated = false;

  postMessage(request: TrainRequest): void {
    const copy = structuredClone(request);
    setTimeout(
      () =>
        void runTrainJob(
          copy,
          (reply) => {
            if (!this.terminated) this.onmessage?.({ data: structuredClone(reply) });
          },
          () => this.terminated,
        ),
      0,
    );
  }

  terminate(): void {
    this.terminated = true;
  }
}
