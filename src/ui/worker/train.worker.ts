import { runTrainJob } from '../training/train-job';
import type { TrainRequest } from '../training/train-protocol';

/** Trains a document off the main thread, posting progress; the page stops it by terminating it. */
self.onmessage = (e: MessageEvent<TrainRequest>) => {
  void runTrainJob(
    e.data,
    (reply) => self.postMessage(reply),
    () => false,
  );
};
