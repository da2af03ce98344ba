import { timeout, type Timer } from 'd3';
import type { Draft } from 'immer';
import type { NodeValue, Training } from '../../graph/schema';
import { isTrainable } from '../../graph/train';
import type { Editor } from '../editor/Editor';
import { STEP_MS } from './store';
import { initialTrainPlay, type TrainPlayState } from './train-state';
import { trainableParams, trainStep } from './train-step';

/**
 * Training steps in the playback bar. Each step is its own undoable edit ("Training step 3
 * (Adam)"): Undo takes back one step, the grain a learner watches; Reset returns to the values and
 * optimizer state from before this session's first step, as one more undoable edit.
 */
export class TrainPlay {
  private timer: Timer | null = null;

  constructor(private readonly editor: Editor) {}

  private get st(): TrainPlayState {
    return this.editor.state.trainPlay;
  }

  /** Forgets the steps taken on a document since replaced by another (opened from a file, the gallery, a link). */
  private follow(): void {
    const { opened } = this.editor.state.doc;
    if (this.st.opened !== opened) this.set({ ...initialTrainPlay(), param: this.st.param, element: this.st.element, opened });
  }

  private set(patch: Partial<TrainPlayState>): void {
    this.editor.set('trainPlay', patch);
  }

  cancel(): void {
    this.timer?.stop();
    this.timer = null;
  }

  /** The parameter written out: the chosen one while it is trainable, else the first trainable input. */
  paramId(): string | null {
    const params = trainableParams(this.editor.state.doc.present);
    return params.find((p) => p.id === this.st.param)?.id ?? params[0]?.id ?? null;
  }

  choose(param: string, element = 0): void {
    this.set({ param, element });
  }

  /** Takes one optimizer step; false (with the reason shown) when it cannot be taken. */
  stepOne(): boolean {
    this.follow();
    const doc = this.editor.state.doc.present;
    const id = this.paramId();
    const r =
      id === null
        ? { problem: 'no trainable inputs: mark the parameters to update as trainable' }
        : trainStep(doc, this.editor.state.runs.form, id, this.st.element);
    if ('problem' in r) {
      this.set({ problem: r.problem });
      this.editor.set('playback', { announcement: `No training step: ${r.problem}.` });
      this.pause();
      return false;
    }
    const { record } = r;
    const values = new Map(r.doc.nodes.filter(isTrainable).map((n) => [n.id, n.value]));
    this.editor.commit(`Training step ${record.t} (${record.optimizer})`, (d) => {
      for (const n of d.nodes) if (values.has(n.id)) n.value = values.get(n.id) as Draft<NodeValue>;
      d.training = r.doc.training as Draft<Training>;
    });
    const theta = record.lines.at(-1)?.value;
    this.set({
      last: record,
      problem: null,
      origin: this.st.origin ?? doc,
      taken: this.st.taken + 1,
    });
    this.editor.set('playback', {
      announcement: `Training step ${record.t}: loss ${record.loss} → ${record.lossAfter}; ${record.param} ← ${theta}.`,
    });
    return true;
  }

  private tick(): void {
    if (this.st.remaining <= 0 || !this.stepOne()) {
      this.pause();
      return;
    }
    const remaining = this.st.remaining - 1;
    this.set({ remaining });
    if (remaining > 0) this.timer = timeout(() => this.tick(), STEP_MS / this.editor.state.playback.speed / 2);
    else this.pause();
  }

  /** Runs `n` steps, one every half step time at the bar's speed. */
  run(n: number): void {
    this.cancel();
    this.follow();
    this.set({ remaining: n });
    this.editor.set('playback', { playing: true });
    this.tick();
  }

  pause(): void {
    this.cancel();
    this.set({ remaining: 0 });
    this.editor.set('playback', { playing: false });
  }

  /** Takes back the last step when it is the last edit (Undo does exactly that). */
  stepBack(): void {
    this.pause();
    const label = this.editor.state.doc.past.at(-1)?.label ?? '';
    if (!label.startsWith('Training step ')) return;
    this.editor.undo();
    this.set({ taken: Math.max(0, this.st.taken - 1), last: null });
  }

  /** Back to the values and optimizer state from before the first step of this session. */
  reset(): void {
    this.pause();
    this.follow();
    const origin = this.st.origin;
    if (!origin) return;
    const values = new Map(origin.nodes.filter(isTrainable).map((n) => [n.id, n.value]));
    this.editor.commit('Reset training', (d) => {
      for (const n of d.nodes) if (values.has(n.id)) n.value = values.get(n.id) as Draft<NodeValue>;
      if (origin.training) d.training = origin.training as Draft<Training>;
      else delete d.training;
    });
    this.set({ origin: null, taken: 0, last: null, problem: null });
    this.editor.set('playback', { announcement: 'Training reset: the values from before the first step are back.' });
  }
}
