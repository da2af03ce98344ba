import type { GraphDocument } from '../../graph/schema';
import { evalFingerprint } from '../eval/fingerprint';
import type { EvalReply, EvalRequest } from '../eval/protocol';
import { productDoc } from '../test-utils';
import { answer } from './answer';
import { InProcessWorker } from './in-process-worker';
import { WorkerRunner, type Job } from './runner';

type EvalJob = Job<{ doc: GraphDocument; fingerprint: string }>;

/** The product a × b with a set to `a` (b = 4): the output is 4a, ∂/∂a = 4, ∂/∂b = a. */
const withA = (a: number): GraphDocument => {
  const doc = productDoc();
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === 'a' ? { ...n, value: a } : n)) };
};

const valueOf = (reply: EvalReply, id: string, what: 'value' | 'grad' = 'value') =>
  reply.ok ? reply.snapshot.nodes.find((n) => n.id === id)?.[what] : reply.message;

/** A runner over real in-process evaluation workers (the worker's own code answers), with what it reported. */
function setUp(latencyMs = 30) {
  const workers: InProcessWorker<EvalRequest, EvalReply>[] = [];
  const started: EvalJob[] = [];
  const finished: { job: EvalJob; reply: EvalReply }[] = [];
  const crashed: string[] = [];
  const runner = new WorkerRunner<{ doc: GraphDocument; fingerprint: string }, EvalReply>(
    () => {
      const w = new InProcessWorker((r: EvalRequest) => answer(r).reply, latencyMs);
      workers.push(w);
      return w;
    },
    {
      started: (job) => started.push(job),
      finished: (job, reply) => finished.push({ job, reply }),
      crashed: (_job, message) => crashed.push(message),
    },
  );
  const submit = (doc: GraphDocument) => runner.submit({ doc, fingerprint: evalFingerprint(doc) });
  return { runner, workers, started, finished, crashed, submit };
}

const settle = (ms = 200) => new Promise((r) => setTimeout(r, ms));

describe('WorkerRunner', () => {
  it('evaluates one document and delivers its results', async () => {
    const t = setUp();
    t.submit(withA(3));
    expect(t.runner.current?.doc).toEqual(withA(3));
    await vi.waitFor(() => expect(t.finished).toHaveLength(1));
    expect(valueOf(t.finished[0].reply, 'm')).toBe(12);
    expect(t.runner.current).toBeNull();
  });

  it('runs three quick edits as two evaluations: the first, then only the newest', async () => {
    const t = setUp();
    t.submit(withA(5));
    t.submit(withA(6));
    t.submit(withA(7));
    expect(t.runner.pending?.doc).toEqual(withA(7));
    await vi.waitFor(() => expect(t.finished).toHaveLength(1));
    await settle();
    expect(t.workers).toHaveLength(1);
    expect(t.workers[0].evaluated.map((r) => r.doc.nodes[0].value)).toEqual([5, 7]);
    expect(t.started.map((j) => j.doc.nodes[0].value)).toEqual([5, 7]);
    // The stale result for a = 5 is never delivered; the newest is 7 × 4.
    expect(t.finished).toHaveLength(1);
    expect(valueOf(t.finished[0].reply, 'm')).toBe(28);
    expect(valueOf(t.finished[0].reply, 'b', 'grad')).toBe(7);
  });

  it('forgets the waiting document when asked, and delivers the running one', async () => {
    const t = setUp();
    t.submit(withA(1));
    t.submit(withA(2));
    t.runner.dropPending();
    await vi.waitFor(() => expect(t.finished).toHaveLength(1));
    await settle();
    expect(t.workers[0].evaluated).toHaveLength(1);
    expect(valueOf(t.finished[0].reply, 'm')).toBe(4);
  });

  it('stops a running evaluation: nothing is delivered, and the next submission gets a fresh worker', async () => {
    const t = setUp(80);
    t.submit(withA(2));
    t.submit(withA(9));
    expect(t.runner.stop()).toBe(true);
    expect(t.runner.current).toBeNull();
    expect(t.runner.pending).toBeNull();
    await settle(250);
    expect(t.finished).toHaveLength(0);
    expect(t.workers[0].evaluated).toHaveLength(0);
    expect(t.runner.stop()).toBe(false);
    t.submit(withA(10));
    await vi.waitFor(() => expect(t.finished).toHaveLength(1));
    expect(t.workers).toHaveLength(2);
    expect(valueOf(t.finished[0].reply, 'm')).toBe(40);
  });

  it('reports a worker that dies, and starts the waiting document in a new one', async () => {
    const t = setUp(80);
    t.submit(withA(1));
    t.workers[0].crash('out of memory');
    expect(t.crashed).toEqual(['out of memory']);
    t.submit(withA(2));
    t.submit(withA(3));
    t.workers[1].crash('out of memory again');
    // The crash was of a job already overtaken: the newest starts instead of a report.
    expect(t.crashed).toEqual(['out of memory']);
    await vi.waitFor(() => expect(t.finished).toHaveLength(1));
    expect(t.workers).toHaveLength(3);
    expect(valueOf(t.finished[0].reply, 'm')).toBe(12);
  });

  it('passes an engine failure through as a reply, not a crash', async () => {
    const t = setUp();
    const doc = withA(1);
    t.submit({ ...doc, nodes: [...doc.nodes, { id: 'q', op: 'no-such-op', position: { x: 0, y: 0 } }] });
    await vi.waitFor(() => expect(t.finished).toHaveLength(1));
    expect(t.finished[0].reply.ok).toBe(false);
    expect(t.crashed).toEqual([]);
  });
});
