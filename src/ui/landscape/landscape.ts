import { formatLabel } from '../../format/number';
import { train, withTraining } from '../../graph/optim/loop';
import { withDefaults } from '../../graph/optim/optimizers';
import type { GraphDocument, Training } from '../../graph/schema';
import { editor } from '../editor';
import { CHOICE_LABELS, type Choice, type Run } from '../training/runs-state';
import type { CoordRef, Range } from './landscape-state';
import { presetOf, type PresetRun } from './preset';

const choiceOf = (o: Training['optimizer']): Choice =>
  o.name !== 'sgd' ? o.name : o.nesterov ? 'nesterov' : (o.momentum ?? 0) > 0 ? 'momentum' : 'sgd';

/** A run's name in the legend: the optimizer, its lr, and its momentum where it has one. */
export function presetLabel(r: PresetRun): string {
  const o = withDefaults(r.optimizer);
  const momentum = r.optimizer.name === 'sgd' && o.momentum > 0 ? ` ${formatLabel(o.momentum)}` : '';
  return `${CHOICE_LABELS[choiceOf(r.optimizer)]}${momentum}, lr ${formatLabel(o.lr)}`;
}

/** The document's preset runs, each from the graph's current values with a fresh optimizer state. */
function presetRuns(doc: GraphDocument, runs: readonly PresetRun[]): Run[] {
  const fresh = { ...doc, training: undefined };
  return runs.map((r, i) => {
    const start = withTraining(fresh, { optimizer: r.optimizer, schedules: r.schedules });
    const out = train(start, { steps: r.steps });
    return { id: i + 1, label: presetLabel(r), losses: out.losses, lrs: out.lrs, doc: out.doc, start };
  });
}

/**
 * Once per opened document: the landscape takes the document's own settings (`meta.landscape`)
 * and its preset runs replace the runs of the previous document, so opening an example shows its point.
 */
export function syncLandscape(): void {
  const { opened, present: doc } = editor.state.doc;
  if (editor.state.landscape.opened === opened) return;
  const res = presetOf(doc);
  if ('problem' in res) {
    editor.set('landscape', { opened, pair: null, x: null, y: null, step: null, playing: false });
    editor.notify(`The loss landscape ignores the document's settings: ${res.problem}.`, 'error');
    return;
  }
  const { pair, x, y, runs } = res.preset;
  editor.set('landscape', { opened, pair, x, y, step: null, playing: false });
  if (!runs.length) return;
  try {
    editor.set('runs', { runs: presetRuns(doc, runs) });
  } catch (e) {
    editor.notify(`No preset training runs: ${(e as Error).message}.`, 'error');
  }
}

export const choosePair = (pair: readonly [CoordRef, CoordRef]): void =>
  editor.set('landscape', { pair, x: null, y: null, step: null, playing: false });

export const setView = (x: Range, y: Range): void => editor.set('landscape', { x, y });

export const resetView = (): void => {
  const res = presetOf(editor.state.doc.present);
  const p = 'preset' in res ? res.preset : null;
  editor.set('landscape', { x: p?.x ?? null, y: p?.y ?? null });
};

/** Zooms by `factor` (< 1 zooms in) about the point (cx, cy) of the current range. */
export function zoomView(x: Range, y: Range, factor: number, cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2): void {
  const about = (r: Range, c: number): Range => [c + (r[0] - c) * factor, c + (r[1] - c) * factor];
  setView(about(x, cx), about(y, cy));
}

export const panView = (x: Range, y: Range, dx: number, dy: number): void => setView([x[0] + dx, x[1] + dx], [y[0] + dy, y[1] + dy]);

/** Moves the drawn step by `delta`, within 0..last; stops playing. */
export function stepBy(delta: number, last: number): void {
  const { step } = editor.state.landscape;
  const now = step ?? last;
  editor.set('landscape', { step: Math.max(0, Math.min(last, now + delta)), playing: false });
}

/** Plays from the start (or from where it stands, when not at the end). */
export function play(last: number): void {
  const { step } = editor.state.landscape;
  editor.set('landscape', { playing: true, step: step === null || step >= last ? 0 : step });
}

export const pause = (): void => editor.set('landscape', { playing: false });

/** One tick of playback: the next step, stopping at the last. */
export function tick(last: number): void {
  const { step } = editor.state.landscape;
  const next = (step ?? last) + 1;
  editor.set('landscape', next >= last ? { step: last, playing: false } : { step: next });
}
