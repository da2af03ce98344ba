// @vitest-environment jsdom
import '../test-setup';
import { readFileSync } from 'node:fs';
import { heldOutAccuracy } from '../../graph/optim/accuracy';
import { decodeDataFile } from '../../graph/optim/data-file';
import { train, withTraining } from '../../graph/optim/loop';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { editor } from '../editor';
import { InProcessTrainWorker } from './in-process-train-worker';
import { CHUNK, runTrainJob } from './train-job';
import type { TrainReply } from './train-protocol';
import { WorkerTraining } from './trainer';
import { sameParams } from './trainer-state';

const digits = decodeDataFile(readFileSync('public/data/digits.bin'));
const MLP = (() => {
  const r = parseDocument(readFileSync('public/training/digits-mlp.json', 'utf8'));
  if (!r.ok) throw new Error('the MLP example should load');
  return r.doc;
})();
const valueOf = (doc: GraphDocument, id: string) => doc.nodes.find((n) => n.id === id)?.value;
const flat = (v: unknown) => Array.from((v as { data: ArrayLike<number> }).data);
/** The 1,437 training images in batches of 32: 44 full batches and one of 29. */
const PER_EPOCH = 45;

/** A WorkerTraining over the real engine in this thread, the data set read from the shipped file. */
function setUp() {
  const workers: InProcessTrainWorker[] = [];
  const trainer = new WorkerTraining(
    editor,
    () => {
      const w = new InProcessTrainWorker();
      workers.push(w);
      return w;
    },
    () => Promise.resolve(digits),
  );
  return { trainer, workers };
}

describe('the training job the worker runs', () => {
  it('reports every few steps, and its chunks add up to one uninterrupted run of the engine: the same losses, parameters and epoch figures', async () => {
    const replies: TrainReply[] = [];
    await runTrainJob(
      { generation: 7, doc: MLP, dataset: digits, steps: 50 },
      (r) => replies.push(r),
      () => false,
    );
    const whole = train(MLP, { steps: 50, dataset: digits });
    const progress = replies.filter((r) => r.kind === 'progress');
    expect(progress).toHaveLength(replies.length);
    expect(progress.every((r) => r.generation === 7 && r.losses.length <= CHUNK)).toBe(true);
    expect(progress.map((r) => r.done)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    expect(progress.flatMap((r) => r.losses)).toEqual(whole.losses.slice(0, 50));
    const last = progress.at(-1)!;
    expect(last.finished).toBe(true);
    expect(progress.slice(0, -1).every((r) => !r.finished)).toBe(true);
    expect(flat(valueOf(last.doc, 'W1'))).toEqual(Array.from((whole.params.W1 as { data: Float64Array }).data));
    expect(last.doc.training?.steps).toBe(50);
    // The first epoch ends after step 45: its loss is the mean over its 1,437 samples (the last batch holds 29).
    const epochs = progress.filter((r) => r.epoch);
    expect(epochs.map((r) => r.done)).toEqual([PER_EPOCH]);
    const l = whole.losses;
    const mean = (l.slice(0, 44).reduce((a, b) => a + b, 0) * 32 + l[44] * 29) / 1437;
    expect(epochs[0].epoch?.index).toBe(1);
    expect(epochs[0].epoch?.loss).toBeCloseTo(mean, 12);
    const acc = heldOutAccuracy(train(MLP, { steps: PER_EPOCH, dataset: digits }).doc, digits);
    expect(epochs[0].epoch?.accuracy?.correct).toBe(acc.correct);
  }, 60_000);

  it('reports what stops the engine as a failure, not a crash', async () => {
    const replies: TrainReply[] = [];
    await runTrainJob(
      { generation: 1, doc: MLP, steps: 5 },
      (r) => replies.push(r),
      () => false,
    );
    expect(replies).toEqual([{ generation: 1, kind: 'failed', message: 'the data set "digits" is not loaded' }]);
  });
});

describe('training in the worker from the editor', () => {
  beforeEach(() => editor.reset(MLP));
  afterEach(() => editor.reset());

  it('Stop ends the job at once and keeps the parameters it reached, as one undoable edit, with the held-out confusion matrix', async () => {
    const { trainer, workers } = setUp();
    await trainer.start();
    expect(editor.state.trainer).toMatchObject({ status: 'running', total: 5 * PER_EPOCH, perEpoch: PER_EPOCH });
    await vi.waitFor(() => expect(editor.state.trainer.done).toBeGreaterThanOrEqual(20), { timeout: 20_000 });
    trainer.stop();
    const { done, batchLosses, status, result } = editor.state.trainer;
    expect(status).toBe('stopped');
    expect(done).toBeLessThan(5 * PER_EPOCH);
    expect(batchLosses).toHaveLength(done);
    // Nothing arrives from the stopped worker.
    await new Promise((r) => setTimeout(r, 100));
    expect(editor.state.trainer.done).toBe(done);
    expect(workers).toHaveLength(1);
    const engine = train(MLP, { steps: done, dataset: digits });
    expect(batchLosses).toEqual(engine.losses.slice(0, done));
    const doc = editor.state.doc.present;
    expect(flat(valueOf(doc, 'W2'))).toEqual(Array.from((engine.params.W2 as { data: Float64Array }).data));
    expect(doc.training?.steps).toBe(done);
    expect(editor.state.doc.past.map((e) => e.label)).toEqual([`Train ${done} of ${5 * PER_EPOCH} steps (stopped)`]);
    const acc = heldOutAccuracy(engine.doc, digits);
    expect(result?.confusion).toEqual(acc.confusion);
    expect(result?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(360);
    expect(sameParams(editor.state.doc.present, editor.state.trainer.resultFor)).toBe(true);
    editor.undo();
    expect(valueOf(editor.state.doc.present, 'W2')).toEqual(valueOf(MLP, 'W2'));
    // The matrix was for the trained parameters, which the undo took away.
    expect(sameParams(editor.state.doc.present, editor.state.trainer.resultFor)).toBe(false);
  }, 60_000);

  it('runs the chosen epochs to the end and resumes from where the graph stopped', async () => {
    const { trainer } = setUp();
    editor.set('trainer', { epochs: 1 });
    await trainer.start();
    await vi.waitFor(() => expect(editor.state.trainer.status).toBe('finished'), { timeout: 20_000 });
    expect(editor.state.trainer.epochLosses.map((e) => e.epoch)).toEqual([1]);
    await trainer.start();
    expect(editor.state.trainer.startStep).toBe(PER_EPOCH);
    await vi.waitFor(() => expect(editor.state.trainer.status).toBe('finished'), { timeout: 20_000 });
    const two = train(MLP, { steps: 2 * PER_EPOCH, dataset: digits });
    expect(editor.state.trainer.batchLosses).toEqual(two.losses.slice(PER_EPOCH, 2 * PER_EPOCH));
    expect(editor.state.trainer.epochLosses.map((e) => e.epoch)).toEqual([2]);
    expect(flat(valueOf(editor.state.doc.present, 'b1'))).toEqual(Array.from((two.params.b1 as { data: Float64Array }).data));
    expect(editor.state.doc.past.map((e) => e.label)).toEqual([
      `Train ${PER_EPOCH} steps in the background`,
      `Train ${PER_EPOCH} steps in the background`,
    ]);
    expect(editor.state.trainer.result?.correct).toBe(heldOutAccuracy(two.doc, digits).correct);
  }, 60_000);

  it('keeps nothing when another document was opened while the job ran', async () => {
    const { trainer } = setUp();
    await trainer.start();
    await vi.waitFor(() => expect(editor.state.trainer.done).toBeGreaterThanOrEqual(5), { timeout: 20_000 });
    const other = { ...MLP, title: 'another graph' };
    editor.open(other);
    trainer.stop();
    expect(editor.state.doc.present).toBe(other);
    expect(editor.state.doc.past).toHaveLength(0);
    expect(editor.state.trainer.result).toBeNull();
  });

  it('trains a graph without a data set for the chosen number of steps: P3 with Adam, the losses the engine gives', async () => {
    const r = parseDocument(readFileSync('public/examples/p3-linear-mse-update.json', 'utf8'));
    if (!r.ok) throw new Error('P3 should load');
    const p3 = withTraining(r.doc, { optimizer: { name: 'adam', lr: 0.1 } });
    editor.reset(p3);
    const { trainer } = setUp();
    editor.set('trainer', { epochs: 12 });
    await trainer.start();
    await vi.waitFor(() => expect(editor.state.trainer.status).toBe('finished'), { timeout: 20_000 });
    const engine = train(p3, { steps: 12 });
    expect(editor.state.trainer).toMatchObject({ total: 12, perEpoch: 1, done: 12, epochLosses: [], result: null });
    expect(editor.state.trainer.batchLosses).toEqual(engine.losses.slice(0, 12));
    expect(editor.state.doc.present.training).toEqual(engine.doc.training);
  });

  it('says why a graph without training settings cannot be trained, and changes nothing', async () => {
    editor.reset({ ...MLP, training: undefined });
    const { trainer, workers } = setUp();
    await trainer.start();
    expect(editor.state.trainer.status).toBe('failed');
    expect(editor.state.trainer.message).toBe('the document says nothing about training: give it an optimizer');
    expect(workers).toHaveLength(0);
    expect(editor.state.doc.past).toHaveLength(0);
  });
});
