import type { Numbered, WorkerPort } from './runner';

/**
 * A worker's code behind the Worker interface, in this thread: for jsdom, which has no workers,
 * and for tests of the scheduling, with the real engine answering. Messages are structured-cloned
 * as a real postMessage would, and a reply arrives `latencyMs` after the request (the time a real
 * worker would be busy), so a test can submit, edit and stop while a job is in flight. After
 * `terminate` nothing arrives.
 */
export class InProcessWorker<Req extends Numbered, Rep> implements WorkerPort<Req, Rep> {
  onmessage: ((e: { readonly data: Rep }) => void) | null = null;
  onerror: ((e: { readonly message: string; preventDefault(): void }) => void) | null = null;
  /** Requests this worker has answered, in order. */
  readonly evaluated: Req[] = [];
  private terminated = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    /** Answers a request; a worker that streams posts its partial messages through `post` first. */
    private readonly answer: (request: Req, post: (partial: Rep) => void) => Rep | Promise<Rep>,
    private readonly latencyMs = 20,
  ) {}

  postMessage(request: Req): void {
    const copy = structuredClone(request);
    // One message at a time, like a worker's event loop.
    this.queue = this.queue
      .then(() => new Promise((resolve) => setTimeout(resolve, this.latencyMs)))
      .then(async () => {
        if (this.terminated) return;
        this.evaluated.push(copy);
        const post = (partial: Rep) => {
          if (!this.terminated) this.onmessage?.({ data: structuredClone(partial) });
        };
        const reply = await this.answer(copy, post);
        if (!this.terminated) this.onmessage?.({ data: structuredClone(reply) });
      });
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
