// @vitest-environment jsdom
import '../test-setup';
import { readFileSync } from 'node:fs';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { editor } from '../editor';
import { stepBy, syncLandscape, tick, zoomView } from './landscape';
import { presetOf } from './preset';

const valley = (() => {
  const r = parseDocument(readFileSync('public/examples/l1-valley-momentum.json', 'utf8'));
  if (!r.ok) throw new Error('the valley should load');
  return r.doc;
})();
const withMeta = (landscape: unknown): GraphDocument => ({ ...valley, meta: { landscape } });

describe("a document's landscape settings", () => {
  afterEach(() => editor.reset());

  it('the valley names its axes, its range and three runs', () => {
    const res = presetOf(valley);
    if (!('preset' in res)) throw new Error(res.problem);
    expect(res.preset.pair).toEqual([
      { id: 'a', index: null },
      { id: 'b', index: null },
    ]);
    expect([res.preset.x, res.preset.y]).toEqual([
      [-5, 2],
      [-1.5, 1.5],
    ]);
    expect(res.preset.runs.map((r) => r.steps)).toEqual([40, 40, 40]);
  });

  it('says where a setting is wrong, in one sentence', () => {
    expect(presetOf(withMeta({ x: [2, 1] }))).toEqual({ problem: 'meta.landscape.x: must be a range [low, high] with low < high' });
    expect(presetOf(withMeta({ runs: [{ optimizer: { name: 'lbfgs' }, steps: 3 }] }))).toMatchObject({
      problem: expect.stringMatching(
        /^meta\.landscape\.runs\[0\]\.optimizer\.name: must be an optimizer: "sgd", .*got the string "lbfgs"$/,
      ),
    });
  });

  it('opening the valley runs its presets: SGD at lr 0.02 ends at ½(16·0.98⁸⁰ + 25·0.5⁸⁰)', () => {
    editor.reset(valley);
    syncLandscape();
    const runs = editor.state.runs.runs;
    expect(runs.map((r) => r.label)).toEqual(['SGD, lr 0.02', 'SGD + momentum 0.9, lr 0.02', 'Adam, lr 0.3']);
    const want = 0.5 * (16 * 0.98 ** 80 + 25 * 0.5 ** 80);
    expect(Math.abs((runs[0].losses[40] - want) / want)).toBeLessThan(1e-12);
    expect(editor.state.landscape.x).toEqual([-5, 2]);
    // Once per document: syncing again keeps what the user changed since.
    zoomView([-5, 2], [-1.5, 1.5], 0.5);
    syncLandscape();
    expect(editor.state.landscape.x).toEqual([-3.25, 0.25]);
  });

  it('a wrong setting is reported and the document still opens with no runs', () => {
    editor.reset(withMeta({ y: [0, 0] }));
    syncLandscape();
    expect(editor.state.ui.notice?.text).toBe(
      "The loss landscape ignores the document's settings: meta.landscape.y: must be a range [low, high] with low < high.",
    );
    expect(editor.state.runs.runs).toEqual([]);
  });

  it('steps stay within 0..last, and playing stops at the last', () => {
    editor.reset(valley);
    stepBy(-100, 40);
    expect(editor.state.landscape.step).toBe(0);
    editor.set('landscape', { step: 39, playing: true });
    tick(40);
    expect(editor.state.landscape).toMatchObject({ step: 40, playing: false });
  });
});
