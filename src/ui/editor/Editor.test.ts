// @vitest-environment jsdom
import { firstDocument } from '../examples';
import { setValue } from '../store/edits';
import { productDoc } from '../test-utils';
import { Editor } from './Editor';

function p1() {
  const doc = firstDocument();
  if (!doc) throw new Error('P1 is bundled');
  return doc;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Editor', () => {
  it('reset starts everything over: document, history, selection, notices, playback and its timer, clipboard', async () => {
    const ed = new Editor({ evalWorker: null });
    ed.reset(p1());
    const stop = ed.evaluation.start();
    ed.commit('Edit value', setValue('x', 5));
    ed.select(['x']);
    ed.clipboard.copy();
    expect(ed.state.ui.notice?.text).toBe('Copied 1 node.');
    ed.playback.setSpeed(8);
    ed.playback.play();
    expect(ed.state.playback).toMatchObject({ active: true, playing: true, step: 1 });

    ed.reset(productDoc());
    expect(ed.state.doc).toMatchObject({ present: productDoc(), past: [], future: [], selectedNodes: [], lastAction: null });
    expect(ed.state.playback).toMatchObject({ active: false, playing: false, step: 0, speed: 1 });
    expect(ed.state.ui.notice).toBeNull();
    // The evaluation follows the new document: a × b = 3 × 4, ∂/∂a = b.
    expect(ed.state.results.byId.get('m')?.value).toBe(12);
    expect(ed.state.results.byId.get('a')?.grad).toBe(4);
    // At 8× a step runs every 150 ms: none runs once the timer is stopped.
    await wait(400);
    expect(ed.state.playback.step).toBe(0);
    // What was copied before is gone.
    await ed.clipboard.paste();
    expect(ed.state.ui.notice?.text).toBe('Nothing to paste: copy some nodes first.');
    expect(ed.state.doc.present.nodes).toHaveLength(3);
    stop();
  });

  it('two editors share nothing', () => {
    const a = new Editor({ evalWorker: null });
    const b = new Editor({ evalWorker: null });
    a.reset(productDoc());
    b.reset(productDoc());
    a.commit('Edit value', setValue('a', 5));
    a.notify('only in a');
    expect(b.state.doc.present).toEqual(productDoc());
    expect(b.state.doc.past).toHaveLength(0);
    expect(b.state.ui.notice).toBeNull();
  });
});
