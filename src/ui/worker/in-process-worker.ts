import type { EvalReply, EvalRequest, EvalWorker } from '../eval/protocol';
import { answer } from './answer';

/**
 * The evaluation worker's code behind the Worker interface, in this thread: for tests of the
 * scheduling, with the real engine. Messages are structured-cloned as a real postMessage would,
 * and a reply arrives `latencyMs` after the request (the time a real worker would be busy), so a
 * test can submit, edit and stop while a job is in flight. After `terminate` nothing arrives.
 */
export class InProcessWorker implements EvalWorker {
  onmessage: ((e: { readonly data: EvalReply }) => void) | null = null;
  onerror: ((e: { readonly message: string; preventDefault(): void }) => void) | null = null;
  /** Requests this worker has evaluated, in order. */
  readonly evaluated: EvalRequest[] = [];
  private terminated = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly latencyMs = 20) {}

  postMessage(request: EvalRequest): void {
    const copy = structuredClone(request);
    // One message at a time, like a worker's event loop.
    this.queue = this.queue.then(
      () =>
        new Promise<void>((resolve) => {
          setTimeout(() => {
            if (!this.terminated) {
              this.evaluated.push(copy);
              const { reply } = answer(copy);
              this.onmessage?.({ data: structuredClone(reply) });
            }
            resolve();
          }, this.latencyMs);
        }),
    );
  }

  /** Dies as a worker does when it runs out of memory: an error event, and nothing more from it. */
  crash(message: string): void {
    this.terminated = true;
    this.onerror?.({ message, preventDefault: () => undefined });
  }

  terminate(): void {
    this.terminated = true;
  }
}
