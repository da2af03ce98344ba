import type { Draft } from 'immer';
import { heldOutAccuracy } from '../../graph/optim/accuracy';
import { resolveData, type DataSet } from '../../graph/optim/data';
import type { GraphDocument, NodeValue, Training } from '../../graph/schema';
import type { Editor } from '../editor/Editor';
import type { WorkerPort } from '../worker/runner';
import { fetchDataSet } from './datasets';
import { InProcessTrainWorker } from './in-process-train-worker';
import type { TrainReply, TrainRequest } from './train-protocol';
import type { TrainerStatus } from './trainer-state';

export type TrainWorker = WorkerPort<TrainRequest, TrainReply>;

/** The real worker, a module worker bundled by Vite; jsdom has none, and the same code then runs in this thread. */
export const trainWorker = (): TrainWorker =>
  typeof Worker === 'undefined'
    ? new InProcessTrainWorker()
    : (new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module' }) as unknown as TrainWorker);

/** The document's trainable values and training progress written into the graph as one undoable edit. */
function keepTrained(editor: Editor, trained: GraphDocument, label: string): void {
  const values = new Map<string, NodeValue>();
  for (const n of trained.nodes) if (n.params?.trainable === true && n.value !== undefined) values.set(n.id, n.value);
  editor.commit(label, (d) => {
    for (const n of d.nodes) {
      const v = values.get(n.id);
      if (v !== undefined) n.value = v as Draft<NodeValue>;
    }
    d.training = trained.training as Draft<Training>;
  });
}

/**
 * Trains the document for some epochs in a worker, so the page stays responsive: progress and loss
 * curves as the worker reports them, and Stop, which terminates the worker at once and keeps the
 * parameters of its last report. Either way the trained values become the graph's in one undoable
 * edit, and the held-out samples are classified for the confusion matrix.
 */
export class WorkerTraining {
  private worker: TrainWorker | null = null;
  private generation = 0;
  private reached: { readonly doc: GraphDocument; readonly done: number } | null = null;
  private startedAt = 0;

  constructor(
    private readonly editor: Editor,
    private readonly createWorker: () => TrainWorker = trainWorker,
    private readonly loadDataSet: (name: string) => Promise<DataSet> = fetchDataSet,
  ) {}

  get busy(): boolean {
    const { status } = this.editor.state.trainer;
    return status === 'loading' || status === 'running';
  }

  /** Starts training the current document for the chosen epochs (resolves once the worker has the job). */
  async start(): Promise<void> {
    if (this.busy) return;
    const generation = ++this.generation;
    const doc = this.editor.state.doc.present;
    const { epochs } = this.editor.state.trainer;
    this.reached = null;
    this.startedAt = performance.now();
    this.editor.saliency.restart();
    this.editor.set('saliency', { index: null });
    this.editor.set('trainer', {
      status: 'loading',
      opened: this.editor.state.doc.opened,
      done: 0,
      total: 0,
      batchLosses: [],
      epochLosses: [],
      result: null,
      resultFor: null,
      message: null,
    });
    let dataset: DataSet | undefined;
    let perEpoch = 1;
    try {
      if (!doc.training) throw new Error('the document says nothing about training: give it an optimizer');
      const spec = doc.training.data;
      dataset = spec?.source === undefined ? undefined : await this.loadDataSet(spec.source);
      if (spec) perEpoch = Math.ceil(resolveData(doc, spec, dataset).trainRows.length / spec.batchSize);
    } catch (e) {
      if (generation === this.generation) this.finish('failed', (e as Error).message);
      return;
    }
    if (generation !== this.generation) return;
    const total = epochs * perEpoch;
    this.editor.set('trainer', { status: 'running', total, perEpoch, startStep: doc.training.steps ?? 0, dataset: dataset ?? null });
    const worker = this.createWorker();
    this.worker = worker;
    worker.onmessage = (e) => this.receive(worker, e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      if (worker === this.worker) this.finish('failed', e.message || 'the training worker stopped');
    };
    worker.postMessage({ generation, doc, dataset, steps: total });
  }

  /** Stops the job now, keeping the parameters of the worker's last report. */
  stop(): void {
    if (this.busy) this.finish('stopped');
  }

  /** Forgets a running job without keeping anything (a fresh editor). */
  cancel(): void {
    this.generation++;
    this.worker?.terminate();
    this.worker = null;
    this.reached = null;
  }

  private receive(worker: TrainWorker, reply: TrainReply): void {
    if (worker !== this.worker || reply.generation !== this.generation) return;
    if (reply.kind === 'failed') {
      this.finish('failed', reply.message);
      return;
    }
    this.reached = { doc: reply.doc, done: reply.done };
    const { epoch } = reply;
    this.editor.set('trainer', (s) => ({
      done: reply.done,
      batchLosses: [...s.batchLosses, ...reply.losses],
      epochLosses: epoch
        ? [
            ...s.epochLosses,
            { epoch: epoch.index, loss: epoch.loss, accuracy: epoch.accuracy && epoch.accuracy.correct / epoch.accuracy.total },
          ]
        : s.epochLosses,
      elapsedMs: performance.now() - this.startedAt,
    }));
    if (reply.finished) this.finish('finished');
  }

  private finish(status: TrainerStatus, message: string | null = null): void {
    this.generation++;
    this.worker?.terminate();
    this.worker = null;
    const reached = this.reached;
    this.reached = null;
    const { total, dataset, opened } = this.editor.state.trainer;
    let result = null;
    // A job for a document no longer open keeps nothing: its node ids may name another graph's nodes.
    if (reached && opened === this.editor.state.doc.opened) {
      const label =
        status === 'finished' ? `Train ${reached.done} steps in the background` : `Train ${reached.done} of ${total} steps (stopped)`;
      keepTrained(this.editor, reached.doc, label);
      try {
        if (reached.doc.training?.data?.heldOut) result = heldOutAccuracy(reached.doc, dataset ?? undefined);
      } catch (e) {
        message = (e as Error).message;
      }
    }
    const resultFor = result && this.editor.state.doc.present;
    this.editor.set('trainer', { status, message, result, resultFor, elapsedMs: performance.now() - this.startedAt });
    if (status === 'failed') this.editor.notify(`No training: ${message ?? 'the worker failed'}.`, 'error');
  }
}
