/** Every message to and from a runner's worker carries the number of the job it belongs to. */
export interface Numbered {
  readonly generation: number;
  /** A message on the way (progress), not the job's answer. */
  readonly partial?: true;
}

/**
 * The part of a DOM Worker a runner uses, so tests (and jsdom, which has no workers) can put a
 * real in-process implementation of the same protocol behind it.
 */
export interface WorkerPort<Req, Rep> {
  postMessage(request: Req): void;
  terminate(): void;
  onmessage: ((e: { readonly data: Rep }) => void) | null;
  onerror: ((e: { readonly message: string; preventDefault(): void }) => void) | null;
}

/** One request handed to the worker: the input, numbered. The worker is sent the job itself. */
export type Job<T> = T & Numbered;

export interface RunnerEvents<T, Rep> {
  /** A job was posted to the worker. */
  started(job: Job<T>): void;
  /** A partial message of the newest job (the evaluation worker streams the step trace this way). */
  progress?(job: Job<T>, reply: Rep): void;
  /** The newest job finished; replies to jobs overtaken by a newer one are never delivered. */
  finished(job: Job<T>, reply: Rep): void;
  /** The worker died while running the newest job (out of memory, a crash). */
  crashed(job: Job<T>, message: string): void;
}

/**
 * Runs at most one job at a time in a worker and keeps at most one waiting: while a job runs,
 * each new input replaces the waiting one, and when the job ends only the newest waiting input
 * starts (latest wins). A heavy graph edited three times in quick succession thus costs two runs,
 * not three. `stop` terminates the worker, the only way to interrupt a running job; the next
 * submission starts a fresh worker. Both the evaluation and the exact-forms workers run this way.
 */
export class WorkerRunner<T extends object, Rep extends Numbered> {
  private worker: WorkerPort<Job<T>, Rep> | null = null;
  private running: Job<T> | null = null;
  private waiting: Job<T> | null = null;
  private generation = 0;

  constructor(
    private readonly createWorker: () => WorkerPort<Job<T>, Rep>,
    private readonly events: RunnerEvents<T, Rep>,
  ) {}

  /** The job being run, if any. */
  get current(): Job<T> | null {
    return this.running;
  }

  get pending(): Job<T> | null {
    return this.waiting;
  }

  submit(input: T): void {
    const job: Job<T> = { ...input, generation: ++this.generation };
    if (this.running) this.waiting = job;
    else this.start(job);
  }

  /** Forgets the waiting input; the running one still finishes and is delivered. */
  dropPending(): void {
    this.waiting = null;
  }

  /** Stops everything: terminates a running job and forgets the waiting one. True if one was running. */
  stop(): boolean {
    const wasRunning = this.running !== null;
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
    this.waiting = null;
    return wasRunning;
  }

  private start(job: Job<T>): void {
    this.running = job;
    this.events.started(job);
    this.ensureWorker().postMessage(job);
  }

  private ensureWorker(): WorkerPort<Job<T>, Rep> {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (e) => this.receive(worker, e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      if (worker !== this.worker) return;
      worker.terminate();
      this.worker = null;
      const job = this.running;
      this.running = null;
      if (job) this.settle(() => this.events.crashed(job, e.message));
    };
    this.worker = worker;
    return worker;
  }

  private receive(worker: WorkerPort<Job<T>, Rep>, reply: Rep): void {
    const job = this.running;
    // A terminated worker's last message, or an answer to a job already given up on.
    if (worker !== this.worker || !job || reply.generation !== job.generation) return;
    // Progress of a job that a newer one waits to replace is of no use.
    if (reply.partial) {
      if (!this.waiting) this.events.progress?.(job, reply);
      return;
    }
    this.running = null;
    this.settle(() => this.events.finished(job, reply));
  }

  /** Starts the waiting job if there is one (the finished reply is stale), else reports. */
  private settle(report: () => void): void {
    const next = this.waiting;
    this.waiting = null;
    if (next) this.start(next);
    else report();
  }
}
