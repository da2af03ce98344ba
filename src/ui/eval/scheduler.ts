import type { GraphDocument } from '../../graph/schema';
import type { EvalReply, EvalWorker, WorkerFactory } from './protocol';

/** One evaluation handed to the worker. */
export interface Job {
  readonly generation: number;
  readonly doc: GraphDocument;
  /** The document's evaluation fingerprint (see evalFingerprint). */
  readonly fingerprint: string;
}

export interface SchedulerEvents {
  /** A job was posted to the worker. */
  started(job: Job): void;
  /** The newest job finished; results of jobs overtaken by a newer one are never delivered. */
  finished(job: Job, reply: EvalReply): void;
  /** The worker died while running the newest job (out of memory, a crash). */
  crashed(job: Job, message: string): void;
}

/**
 * Runs at most one evaluation at a time in a worker and keeps at most one waiting: while a job
 * runs, each new document replaces the waiting one, and when the job ends only the newest waiting
 * document starts. A heavy graph edited three times in quick succession thus costs two
 * evaluations, not three. `stop` terminates the worker, the only way to interrupt a running
 * evaluation; the next submission starts a fresh one.
 */
export class EvalScheduler {
  private worker: EvalWorker | null = null;
  private running: Job | null = null;
  private waiting: Job | null = null;
  private generation = 0;

  constructor(
    private readonly createWorker: WorkerFactory,
    private readonly events: SchedulerEvents,
  ) {}

  /** The job being evaluated, if any. */
  get current(): Job | null {
    return this.running;
  }

  get pending(): Job | null {
    return this.waiting;
  }

  submit(doc: GraphDocument, fingerprint: string): void {
    const job = { generation: ++this.generation, doc, fingerprint };
    if (this.running) this.waiting = job;
    else this.start(job);
  }

  /** Forgets the waiting document; the running one still finishes and is delivered. */
  dropPending(): void {
    this.waiting = null;
  }

  /** Stops everything: terminates a running evaluation and forgets the waiting one. True if one was running. */
  stop(): boolean {
    const wasRunning = this.running !== null;
    this.worker?.terminate();
    this.worker = null;
    this.running = null;
    this.waiting = null;
    return wasRunning;
  }

  private start(job: Job): void {
    this.running = job;
    this.events.started(job);
    this.ensureWorker().postMessage({ generation: job.generation, doc: job.doc });
  }

  private ensureWorker(): EvalWorker {
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

  private receive(worker: EvalWorker, reply: EvalReply): void {
    const job = this.running;
    // A terminated worker's last message, or an answer to a job already given up on.
    if (worker !== this.worker || !job || reply.generation !== job.generation) return;
    this.running = null;
    this.settle(() => this.events.finished(job, reply));
  }

  /** Starts the waiting job if there is one (the finished result is stale), else reports. */
  private settle(report: () => void): void {
    const next = this.waiting;
    this.waiting = null;
    if (next) this.start(next);
    else report();
  }
}
