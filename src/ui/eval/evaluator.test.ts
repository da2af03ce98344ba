// @vitest-environment jsdom
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { productDoc } from '../test-utils';
import { answer } from '../worker/answer';
import { InProcessWorker } from '../worker/in-process-worker';
import type { EvalReply, EvalRequest } from './protocol';
import { HEAVY_ELEMENTS } from './evaluator';
import { problemTextOf } from './results-store';
import { Editor } from '../editor';

/** A constant c broadcast over a big zero tensor, times a scalar k: every element is c·k; ∂/∂k = Σ c = c·N. */
const heavy = (c: number, k = 2): GraphDocument => ({
  format: FORMAT,
  version: VERSION,
  title: 'Heavy',
  nodes: [
    { id: 'big', op: 'input', position: { x: 0, y: 0 }, value: { shape: [HEAVY_ELEMENTS + 1], init: 'constant', scale: c } },
    { id: 'k', op: 'input', position: { x: 0, y: 100 }, value: k },
    { id: 'm', op: 'mul', position: { x: 200, y: 0 } },
    { id: 's', op: 'sum', position: { x: 400, y: 0 } },
  ],
  edges: [
    { source: 'big', target: 'm', port: 'a' },
    { source: 'k', target: 'm', port: 'b' },
    { source: 'm', target: 's', port: 'x' },
  ],
  output: 's',
});

const N = HEAVY_ELEMENTS + 1;
/** A fresh editor per test, so the run counts start at 0. */
let ed: Editor;
const results = () => ed.state.results;
const valueOf = (id: string) => results().byId.get(id)?.value;
const gradOf = (id: string) => results().byId.get(id)?.grad;

function setUp() {
  const workers: InProcessWorker<EvalRequest, EvalReply>[] = [];
  ed = new Editor({
    evalWorker: () => {
      const w = new InProcessWorker((r: EvalRequest) => answer(r).reply, 40);
      workers.push(w);
      return w;
    },
  });
  const ev = ed.evaluation;
  const evaluated = () => workers.flatMap((w) => w.evaluated);
  return { ev, workers, evaluated };
}

const idle = () => vi.waitFor(() => expect(results().busy).toBe(false));

describe('Evaluator', () => {
  it('evaluates a small graph at once, on the main thread', () => {
    const { ev, workers } = setUp();
    ev.run(productDoc());
    expect(valueOf('m')).toBe(12);
    expect(results()).toMatchObject({ where: 'main thread', busy: false, runs: 1 });
    expect(workers).toHaveLength(0);
  });

  it('sends a heavy graph to the worker, shows shapes while busy, then the results', async () => {
    const { ev, evaluated } = setUp();
    ev.run(heavy(3));
    expect(results()).toMatchObject({ busy: true, outputId: 's', stopped: false });
    expect(results().busySince).not.toBeNull();
    expect(results().byId.get('m')).toMatchObject({ label: 'f3', shape: [N], value: undefined });
    await idle();
    expect(valueOf('s')).toBeCloseTo(3 * 2 * N, 6);
    expect(gradOf('k')).toBeCloseTo(3 * N, 6);
    expect(results()).toMatchObject({ where: 'worker', runs: 1, busySince: null });
    expect(evaluated()).toHaveLength(1);
  });

  it('coalesces quick edits: two evaluations for three edits, showing the last', async () => {
    const { ev, evaluated } = setUp();
    ev.run(heavy(1));
    ev.run(heavy(2));
    ev.run(heavy(5));
    await idle();
    expect(evaluated().map((r) => (r.doc.nodes[0].value as { scale: number }).scale)).toEqual([1, 5]);
    expect(valueOf('s')).toBeCloseTo(5 * 2 * N, 6);
    expect(results().runs).toBe(2);
  });

  it('does not evaluate again for a title, label, name or position edit, and shows the new numbering', async () => {
    const { ev, evaluated } = setUp();
    const doc = heavy(1);
    ev.run(doc);
    await idle();
    const edited: GraphDocument = {
      ...doc,
      title: 'Renamed',
      description: 'now with a description',
      view: { x: 5, y: 5, zoom: 2 },
      nodes: doc.nodes.map((n) =>
        n.id === 'm' ? { ...n, label: 'product' } : n.id === 'k' ? { ...n, name: 'kappa', position: { x: 900, y: 900 } } : n,
      ),
    };
    ev.run(edited);
    expect(results().busy).toBe(false);
    expect(evaluated()).toHaveLength(1);
    expect(results().runs).toBe(1);
    expect(results().byId.get('m')?.label).toBe('product');
    expect(results().byId.get('k')?.name).toBe('kappa');
    expect(valueOf('s')).toBeCloseTo(2 * N, 6);
    expect(gradOf('k')).toBeCloseTo(N, 6);
  });

  it('a label edit while the same numbers are evaluated waits for that run, then shows the new label', async () => {
    const { ev, evaluated } = setUp();
    const doc = heavy(4);
    ev.run(doc);
    ev.run({ ...doc, nodes: doc.nodes.map((n) => (n.id === 's' ? { ...n, label: 'total' } : n)) });
    await idle();
    expect(evaluated()).toHaveLength(1);
    expect(results().byId.get('s')).toMatchObject({ label: 'total' });
    expect(valueOf('s')).toBeCloseTo(4 * 2 * N, 6);
  });

  it('evaluates again when a label changes and an error message names nodes', () => {
    const { ev } = setUp();
    const bad: GraphDocument = {
      format: FORMAT,
      version: VERSION,
      nodes: [
        { id: 'x', op: 'input', position: { x: 0, y: 0 }, value: -1 },
        { id: 'l', op: 'log', position: { x: 200, y: 0 } },
        { id: 'n', op: 'neg', position: { x: 400, y: 0 } },
      ],
      edges: [
        { source: 'x', target: 'l', port: 'u' },
        { source: 'l', target: 'n', port: 'u' },
      ],
    };
    ev.run(bad);
    expect(results().byId.get('n')?.problem).toEqual({ code: 'upstream', node: 'n', source: 'l' });
    expect(problemTextOf(results(), 'n')).toBe('waiting on f2, which is invalid');
    ev.run({ ...bad, nodes: bad.nodes.map((n) => (n.id === 'l' ? { ...n, label: 'log' } : n)) });
    expect(results().runs).toBe(2);
    expect(problemTextOf(results(), 'n')).toBe('waiting on log, which is invalid');
  });

  it('Stop terminates the running evaluation and says so; Run evaluates again', async () => {
    const { ev, workers } = setUp();
    ev.run(heavy(7));
    ev.stop();
    expect(results()).toMatchObject({ busy: false, stopped: true, busySince: null });
    await new Promise((r) => setTimeout(r, 150));
    expect(workers[0].evaluated).toHaveLength(0);
    expect(results().stopped).toBe(true);
    ev.runNow();
    expect(results()).toMatchObject({ busy: true, stopped: false });
    await idle();
    expect(workers).toHaveLength(2);
    expect(valueOf('s')).toBeCloseTo(7 * 2 * N, 6);
  });

  it('a small graph after a heavy one supersedes it and stops the worker', async () => {
    const { ev, workers } = setUp();
    ev.run(heavy(1));
    ev.run(productDoc());
    expect(results()).toMatchObject({ busy: false, outputId: 'm' });
    await new Promise((r) => setTimeout(r, 150));
    expect(workers[0].evaluated).toHaveLength(0);
    expect(valueOf('m')).toBe(12);
  });

  it('reports a worker that dies in one clear message', () => {
    const { ev, workers } = setUp();
    ev.run(heavy(1));
    workers[0].crash('out of memory');
    expect(results().busy).toBe(false);
    expect(ed.state.ui.notice).toMatchObject({ kind: 'error', text: 'The evaluation worker stopped: out of memory' });
  });
});
