// @vitest-environment jsdom
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { productDoc } from '../test-utils';
import { Evaluator, HEAVY_ELEMENTS, type EvalReply, type EvalRequest } from './evaluator';
import { useResults } from './results-store';

/** A worker that keeps what it is sent, so a test can answer in any order. */
class FakeWorker {
  static last: FakeWorker | null = null;
  readonly sent: EvalRequest[] = [];
  onmessage: ((e: MessageEvent<EvalReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(m: EvalRequest) {
    this.sent.push(m);
  }
  terminate() {}
  reply(generation: number, title: string) {
    const snapshot = { outputId: title, nodes: [] };
    this.onmessage?.({ data: { generation, ok: true, snapshot, ms: 1 } } as unknown as MessageEvent<EvalReply>);
  }
}

const heavy = (seed: number): GraphDocument => ({
  format: FORMAT, version: VERSION,
  nodes: [
    { id: 'big', op: 'input', position: { x: 0, y: 0 }, value: { shape: [HEAVY_ELEMENTS + 1], init: 'uniform', seed } },
    { id: 'r', op: 'relu', position: { x: 0, y: 0 } },
  ],
  edges: [{ source: 'big', target: 'r', port: 'u' }],
});

describe('Evaluator', () => {
  const realWorker = globalThis.Worker;
  beforeEach(() => {
    globalThis.Worker = FakeWorker as unknown as typeof Worker;
    FakeWorker.last = null;
    useResults.setState({ byId: new Map(), nodes: [], outputId: null, busy: false, ms: null, where: null });
  });
  afterEach(() => {
    globalThis.Worker = realWorker;
  });

  it('evaluates a small graph at once, on the main thread', () => {
    new Evaluator().run(productDoc());
    const s = useResults.getState();
    expect(s.byId.get('m')?.value).toBe(12);
    expect(s.where).toBe('main thread');
    expect(FakeWorker.last).toBeNull();
  });

  it('sends a heavy graph to the worker, shows shapes and that it is busy, and drops a stale reply', () => {
    const ev = new Evaluator();
    ev.run(heavy(1));
    const worker = FakeWorker.last as FakeWorker;
    expect(useResults.getState()).toMatchObject({ busy: true, outputId: 'r' });
    expect(useResults.getState().byId.get('r')).toMatchObject({ label: 'f2', shape: [HEAVY_ELEMENTS + 1], value: undefined });
    ev.run(heavy(2));
    expect(worker.sent.map((m) => m.generation)).toEqual([1, 2]);
    worker.reply(1, 'stale');
    expect(useResults.getState()).toMatchObject({ busy: true, outputId: 'r' });
    worker.reply(2, 'fresh');
    expect(useResults.getState()).toMatchObject({ busy: false, outputId: 'fresh', where: 'worker' });
  });

  it('a small graph after a heavy one supersedes the pending worker result', () => {
    const ev = new Evaluator();
    ev.run(heavy(1));
    ev.run(productDoc());
    expect(useResults.getState()).toMatchObject({ busy: false, outputId: 'm' });
    (FakeWorker.last as FakeWorker).reply(1, 'stale');
    expect(useResults.getState().outputId).toBe('m');
  });
});
