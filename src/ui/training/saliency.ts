import type { DataSet } from '../../graph/optim/data';
import { ascendStep, classifierOf, softmax, type Classifier } from '../../graph/optim/saliency';
import type { GraphDocument } from '../../graph/schema';
import type { Editor } from '../editor/Editor';

/** Ascent steps one Start runs before it stops by itself. */
export const ASCENT_STEPS = 60;
/** Milliseconds between animated ascent steps: slow enough to watch the image change. */
export const ASCENT_INTERVAL_MS = 90;

/** The pixels of sample `index`: the data set's field that feeds the document's first data input. */
export function sampleOf(doc: GraphDocument, dataset: DataSet, index: number): Float64Array {
  const spec = doc.training?.data;
  const field = spec?.fields?.[0] ?? spec?.inputs[0];
  const t = field === undefined ? undefined : dataset.fields[field];
  if (!t) throw new Error(`the data set "${dataset.name}" has no field for the document's first data input`);
  const width = t.data.length / t.shape[0];
  return t.data.slice(index * width, (index + 1) * width);
}

/**
 * Saliency on the trained graph: the chosen sample, and gradient ascent on its pixels towards a
 * target class, one engine step per tick until Stop (or ASCENT_STEPS).
 */
export class SaliencyProbe {
  private timer: ReturnType<typeof setInterval> | null = null;
  private model: Classifier | null = null;

  constructor(private readonly editor: Editor) {}

  /** Looks at data-set sample `index`: its saliency for the predicted class, no ascent yet. */
  choose(index: number): void {
    this.stop();
    this.editor.set('saliency', { index, cls: null, ascent: null });
  }

  /** Starts the animated ascent from the chosen sample (or goes on from where a stopped one is). */
  start(): void {
    if (this.timer !== null) return;
    // One compiled model for the whole animation; a single Step compiles afresh, so it always sees the current graph.
    const { dataset } = this.editor.state.trainer;
    try {
      this.model = dataset && classifierOf(this.editor.state.doc.present, dataset);
    } catch (e) {
      this.editor.notify(`No ascent: ${(e as Error).message}.`, 'error');
      return;
    }
    if (!this.step()) {
      this.model = null;
      return;
    }
    this.editor.set('saliency', { running: true });
    this.timer = setInterval(() => {
      const { ascent } = this.editor.state.saliency;
      if ((ascent?.step ?? 0) >= ASCENT_STEPS || !this.step()) this.stop();
    }, ASCENT_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.model = null;
    if (this.editor.state.saliency.running) this.editor.set('saliency', { running: false });
  }

  /** Back to the sample as it is in the data set. */
  restart(): void {
    this.stop();
    this.editor.set('saliency', { ascent: null });
  }

  /** One ascent step with the engine's gradient; false (with a notice) when there is nothing to step. */
  step(): boolean {
    const { index, target, lr, ascent } = this.editor.state.saliency;
    const { dataset } = this.editor.state.trainer;
    const doc = this.editor.state.doc.present;
    if (index === null || !dataset) return false;
    try {
      const model = this.model ?? classifierOf(doc, dataset);
      const from = ascent?.sample ?? sampleOf(doc, dataset, index);
      const { sample } = ascendStep(model, from, target, lr);
      const { scores } = model.scoreGradient(sample, target);
      const p = softmax(scores);
      const predicted = p.indexOf(Math.max(...p));
      this.editor.set('saliency', {
        ascent: { sample: Array.from(sample), step: (ascent?.step ?? 0) + 1, score: scores[target], probability: p[target], predicted },
      });
      return true;
    } catch (e) {
      this.editor.notify(`No ascent step: ${(e as Error).message}.`, 'error');
      return false;
    }
  }
}
