// @vitest-environment jsdom
import { graph, inp } from '../../../tests/doc-builder';
import { compile } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import { formatLabel } from '../../format/number';
import { Editor } from '../editor';
import { answer } from '../worker/answer';
import type { Job, WorkerPort } from '../worker/runner';
import type { EvalReply, EvalRequest, TraceReply } from '../eval/protocol';
import { traceArrived } from './stream-receive';
import { reduceMotion } from './test-helpers';

/** A 64 → 64 3×3 convolution of a 64×64×64 image, summed: 151M multiply-adds, past what is traced on the main thread. */
const doc = graph(
  [
    inp('x', { shape: [64, 64, 64], init: 'constant', scale: 0.5 }),
    ['c', 'conv2d', { params: { inChannels: 64, outChannels: 64, kernel: 3, padding: 1 } }],
    ['s', 'sum'],
  ],
  [
    ['x', 'c', 'x'],
    ['c', 's', 'x'],
  ],
);

/** The worker's end of the channel, which never answers: the test hands the editor the worker's real messages itself, one by one. */
class HeldWorker implements WorkerPort<Job<EvalRequest>, EvalReply> {
  onmessage = null;
  onerror = null;
  postMessage(): void {}
  terminate(): void {}
}

let messages: TraceReply[];
let ed: Editor;
beforeAll(() => {
  messages = [];
  answer({ generation: 1, doc }, (m) => messages.push(structuredClone(m)));
});
beforeEach(() => {
  reduceMotion(true);
  ed = new Editor({ evalWorker: () => new HeldWorker() });
  ed.reset(doc);
  ed.evaluation.run(ed.state.doc.present);
});
afterEach(() => ed.reset());

const deliver = (from: number, to: number) => {
  const fingerprint = ed.state.traceStream.fingerprint as string;
  messages.slice(from, to).forEach((m) => traceArrived(ed, fingerprint, m.chunk));
};

describe('playback of a trace streamed from the worker', () => {
  it('says the first steps are on their way, then plays those that came and waits for the rest', async () => {
    expect(ed.state.results.busy).toBe(true);
    ed.playback.play('forward');
    expect(ed.state.playback.active).toBe(false);
    expect(ed.state.ui.notice?.text).toMatch(/^The worker has just started evaluating this graph/);
    // The plan's counts, then x's step and the convolution's.
    expect(messages.slice(0, 3).map((m) => m.chunk.at)).toEqual([[], [0], [1]]);
    deliver(0, 3);
    ed.playback.setSpeed(8);
    ed.playback.play();
    await vi.waitFor(() => expect(ed.state.playback.announcement).toBe('Step 3 is still being computed.'), { timeout: 10_000 });
    expect(ed.state.playback).toMatchObject({ step: 2, playing: true, active: true });

    deliver(3, messages.length);
    await vi.waitFor(() => expect(ed.state.playback).toMatchObject({ step: 6, playing: false }), { timeout: 10_000 });
    expect(ed.state.playback.timeline?.length).toBe(6);

    ed.playback.seek(2);
    const conv = evaluate(compile(doc)).value(1);
    if (typeof conv !== 'object') throw new Error('the convolution gives a tensor');
    let [min, max, sum] = [Infinity, -Infinity, 0];
    for (const v of conv.data) [min, max, sum] = [Math.min(min, v), Math.max(max, v), sum + v];
    expect(ed.state.playback.announcement).toBe(
      `Step 2 of 6, forward: f2 = conv2d(f1): 64×64×64 tensor, min ${formatLabel(min)}, max ${formatLabel(max)}, mean ${formatLabel(sum / conv.data.length)}.`,
    );
  }, 60_000);
});
