// @vitest-environment jsdom
import { heavyConvSum } from '../../../tests/doc-builder';
import { Editor } from '../editor';
import type { EvalMessage, EvalRequest } from '../eval/protocol';
import { answer } from '../worker/answer';
import { InProcessWorker } from '../worker/in-process-worker';
import type { Job, WorkerPort } from '../worker/runner';
import { forwardView } from './view';

/**
 * x (16×32×32, all 0.5) through a 16 → 32 3×3 convolution (padding 1, weights all 0.1), summed,
 * times k = 0.001: 4.75M multiply-adds, so the worker evaluates it. Moving x[0] (a corner) moves
 * the 2 × 2 output cells whose windows cover it in each of the 32 channels, each by a weight 0.1:
 * d sum / d x[0] = 32 · 4 · 0.1 = 12.8 and d y / d x[0] = 0.001 · 12.8 = 0.0128.
 */
const doc = heavyConvSum();

const worker = () =>
  new InProcessWorker<Job<EvalRequest>, EvalMessage>((req, post) => answer(req, post, post).reply) as unknown as WorkerPort<
    Job<EvalRequest>,
    EvalMessage
  >;

describe('forward mode of a graph the worker evaluates', () => {
  it('asks the worker for the tangents while forward mode is open, and steps through what it sends', async () => {
    const ed = new Editor({ evalWorker: worker as never });
    ed.reset(doc);
    const stop = ed.evaluation.start();
    const key = () => ({ target: ed.state.forward.target, element: ed.state.forward.element, notation: 'exam' as const });
    await vi.waitFor(() => expect(ed.state.results.busy).toBe(false), { timeout: 30_000 });
    expect(ed.state.tangentStream.key).toBeNull();
    ed.set('forward', { open: true, element: 0 });
    expect(forwardView(ed.state.doc.present, key(), ed.state.tangentStream).problem).toMatch(
      /^The evaluation worker computes this graph’s tangents/,
    );
    await vi.waitFor(() => expect(ed.state.tangentStream.chunk).not.toBeNull(), { timeout: 30_000 });
    const { view } = forwardView(ed.state.doc.present, key(), ed.state.tangentStream);
    if (!view) throw new Error('the tangents have come');
    expect(view.session).toBeNull();
    expect(view.output).toBeCloseTo(0.0128, 12);
    expect(view.steps[0].text).toBe('ḟ1 = only element 0 moves: the one-hot e_0 (the target x)');
    expect(view.steps[4].text).toBe(
      'ḟ5 = ∂f5/∂f1 · ḟ1 + ∂f5/∂f2 · ḟ2 + ∂f5/∂f3 · ḟ3 (the JVP of conv2d: 16×32×32, 32×16×3×3, 32 → 32×32×32)',
    );
    expect(view.steps[6].text).toBe('ḟ7 = ∂f7/∂f6 · ḟ6 + ∂f7/∂f4 · ḟ4 = 0.001 · 12.8 + 2.262e+5 · 0 = 0.0128');
    // Closing forward mode keeps the results: nothing is evaluated again.
    const runs = ed.state.results.runs;
    ed.set('forward', { open: false });
    expect(ed.state.results.runs).toBe(runs);
    stop();
  }, 60_000);
});
