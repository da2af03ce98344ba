import { analyzePlan } from '../../graph/analyze';
import { compile, type Plan } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import { fastFloat32Applies } from '../../graph/fast-float32';
import type { GraphDocument } from '../../graph/schema';
import type { Editor } from '../editor/Editor';
import { evalFingerprint } from './fingerprint';
import { isHeavy } from './heavy';
import type { EvalMessage, EvalWorker, WorkerFactory } from './protocol';
import { published, type ResultsState, type Where } from './results-store';
import { pendingSnapshot, relabelled, snapshotOf, type EvalSnapshot } from './results';
import { WorkerRunner, type Job, type WorkerPort } from '../worker/runner';
import { traceArrived, traceDropped, traceStarted } from '../playback/stream-receive';
import { tangentAsk, tangentKey, tangentsArrived, tangentsAsked, tangentsDropped } from '../forward/tangent-receive';
import type { TangentAsk } from './protocol';

export { HEAVY_ELEMENTS } from './heavy';

const workerWhere = (threads: number): Where => (threads > 1 ? `worker, ${threads} threads` : 'worker');

/** The real worker; a module worker, bundled by Vite. */
export const browserWorker: WorkerFactory = () =>
  new Worker(new URL('../worker/eval.worker.ts', import.meta.url), { type: 'module' }) as unknown as EvalWorker;

const noWorker: WorkerFactory = () => {
  throw new Error('this environment has no Web Workers');
};

/**
 * What the runner takes: the document, its fingerprint to tell an edit that changes nothing, and
 * forward mode's target when it is open (the key covers both: another target is another job).
 */
type EvalInput = {
  readonly doc: GraphDocument;
  readonly fingerprint: string;
  readonly fastFloat32: boolean;
  readonly tangent?: TangentAsk;
  readonly key: string;
};

/** The last finished evaluation: its fingerprint, its key (see EvalInput) and per-node results. */
interface Finished {
  readonly fingerprint: string;
  readonly key: string;
  readonly snapshot: EvalSnapshot;
}

/**
 * Keeps the results in step with the document. An edit that changes nothing evaluation reads
 * (see evalFingerprint) re-labels the last results instead of evaluating. Small graphs are
 * evaluated at once on the main thread; heavy ones in a worker through a WorkerRunner, which
 * runs only the newest document. `stop` cancels a worker evaluation; `runNow` starts one again.
 */
export class Evaluator {
  private readonly runner: WorkerRunner<EvalInput, EvalMessage>;
  /** Without workers (tests in jsdom), every graph is evaluated on the main thread. */
  private readonly canUseWorker: boolean;
  private finished: Finished | null = null;
  private doc: GraphDocument | null = null;

  constructor(
    private readonly editor: Editor,
    createWorker: WorkerFactory | null = typeof Worker === 'undefined' ? null : browserWorker,
  ) {
    this.canUseWorker = createWorker !== null;
    // The browser's worker posts trace chunks before its answer; a port typed for answers posts none.
    const create = (createWorker ?? noWorker) as () => WorkerPort<Job<EvalInput>, EvalMessage>;
    this.runner = new WorkerRunner<EvalInput, EvalMessage>(create, {
      started: (job) => {
        this.countRun();
        traceStarted(this.editor, job.fingerprint);
        if (job.tangent) tangentsAsked(this.editor, job.key, job.fingerprint);
        else tangentsDropped(this.editor);
      },
      progress: (job, reply) => {
        if ('chunk' in reply) traceArrived(this.editor, job.fingerprint, reply.chunk);
        if ('tangents' in reply) tangentsArrived(this.editor, job.key, reply.tangents);
      },
      finished: (job, reply) => this.receive(job, reply),
      crashed: (_job, message) => this.fail(`The evaluation worker stopped: ${message}`),
    });
  }

  /** Keeps the results in step with the editor's document until the returned function is called. */
  start(): () => void {
    this.run(this.editor.state.doc.present);
    const stop = this.editor.subscribe((s, prev) => {
      // Forward mode opened or aimed elsewhere: a heavy graph's tangents come from the worker.
      const aimed =
        s.forward.open !== prev.forward.open || s.forward.target !== prev.forward.target || s.forward.element !== prev.forward.element;
      if (s.doc.present !== prev.doc.present || s.precision.fastFloat32 !== prev.precision.fastFloat32 || aimed) this.run(s.doc.present);
    });
    return () => {
      stop();
      this.dispose();
    };
  }

  run(doc: GraphDocument): void {
    this.doc = doc;
    try {
      const plan = compile(doc);
      // Asking for float32 changes the values of a graph big enough for it, so it is part of what was evaluated.
      const fast = this.editor.state.precision.fastFloat32 && fastFloat32Applies(plan);
      const fingerprint = `${evalFingerprint(doc)}${fast ? ' f32' : ''}`;
      const inWorker = this.canUseWorker && isHeavy(plan);
      const ask = inWorker ? tangentAsk(this.editor) : null;
      const key = tangentKey(fingerprint, ask);
      // Results with tangents still do once forward mode is closed.
      const same = this.finished !== null && (this.finished.key === key || (!ask && this.finished.fingerprint === fingerprint));
      if (same && this.finished && this.reuse(plan, this.finished)) return;
      if (inWorker)
        this.inWorker({ doc, fingerprint, key, fastFloat32: this.editor.state.precision.fastFloat32, ...(ask && { tangent: ask }) }, plan);
      else this.onMainThread(plan, key);
    } catch (e) {
      this.fail(`Evaluation failed: ${(e as Error).message}`);
    }
  }

  /** Evaluates the current document again, whatever the last results (the Run command). */
  runNow(): void {
    this.finished = null;
    this.runner.stop();
    if (this.doc) this.run(this.doc);
  }

  /** Cancels a running evaluation: the worker is terminated and the results stay as they were. */
  stop(): void {
    if (!this.runner.stop()) return;
    traceDropped(this.editor);
    tangentsDropped(this.editor);
    this.editor.set('results', { busy: false, busySince: null, stopped: true });
  }

  /** Forgets everything: a running worker evaluation and the last results it could reuse. */
  dispose(): void {
    this.runner.stop();
    this.finished = null;
    this.doc = null;
  }

  private countRun(): void {
    this.editor.set('results', (s) => ({ runs: s.runs + 1 }));
  }

  private publish(snapshot: EvalSnapshot, ms: number | null, where: ResultsState['where'], busy = false): void {
    this.editor.set('results', (s) => published(s, snapshot, ms, where, busy));
  }

  /** Publishes the finished results under the new labels; false when their messages would be wrong. */
  private reuse(plan: Plan, finished: Finished): boolean {
    const snapshot = relabelled(plan, new Map(finished.snapshot.nodes.map((v) => [v.id, v])));
    if (!snapshot) return false;
    // The document is back to what was evaluated: whatever runs or waits is for another one.
    this.runner.stop();
    const { ms, where } = this.editor.state.results;
    this.publish(snapshot, ms, where);
    return true;
  }

  private inWorker(input: EvalInput, plan: Plan): void {
    this.publish(pendingSnapshot(plan, this.editor.state.results.byId), null, null, true);
    // Only labels changed since the running job started: its results will do.
    if (this.runner.current?.key === input.key) this.runner.dropPending();
    else this.runner.submit(input);
  }

  private onMainThread(plan: Plan, fingerprint: string): void {
    this.runner.stop();
    traceDropped(this.editor);
    tangentsDropped(this.editor);
    this.countRun();
    const t0 = performance.now();
    const snapshot = snapshotOf(analyzePlan(plan, evaluate(plan, { fastFloat32: this.editor.state.precision.fastFloat32 })));
    this.finished = { fingerprint, key: fingerprint, snapshot };
    this.editor.set('precision', { report: snapshot.float32 ?? null });
    this.publish(snapshot, performance.now() - t0, 'main thread');
  }

  private receive(job: Job<EvalInput>, reply: EvalMessage): void {
    // The runner hands partial messages (trace chunks) to `progress`, never here.
    if ('partial' in reply) return;
    if (!reply.ok) {
      this.fail(`Evaluation failed: ${reply.message}`);
      return;
    }
    this.finished = { fingerprint: job.fingerprint, key: job.key, snapshot: reply.snapshot };
    this.editor.set('precision', { report: reply.snapshot.float32 ?? null });
    const doc = this.doc;
    // The job is the newest one, but labels may have been edited while it ran.
    if (doc && doc !== job.doc) {
      const snapshot = relabelled(compile(doc), new Map(reply.snapshot.nodes.map((v) => [v.id, v])));
      if (snapshot) this.publish(snapshot, reply.ms, workerWhere(reply.threads));
      else this.runner.submit({ ...job, doc });
      return;
    }
    this.publish(reply.snapshot, reply.ms, workerWhere(reply.threads));
  }

  private fail(message: string): void {
    traceDropped(this.editor);
    this.editor.set('results', { busy: false, busySince: null });
    this.editor.notify(message, 'error');
  }
}
