import type { Draft } from 'immer';
import { formatLabel } from '../../format/number';
import type { NodeValue } from '../../graph/schema';
import { sgdStep } from '../../graph/train';
import type { Editor } from '../editor/Editor';

/** View state of training: the settings and the loss after each step, for one output node. */
export interface TrainingState {
  readonly lr: number;
  readonly mean: boolean;
  /** The node whose loss `losses` follows. */
  readonly outputId: string | null;
  /** The loss before the first step, then after each one. */
  readonly losses: readonly number[];
}

export const initialTraining = (): TrainingState => ({ lr: 0.1, mean: false, outputId: null, losses: [] });

export class Training {
  constructor(private readonly editor: Editor) {}

  /**
   * One step of gradient descent on the trainable inputs (sgdStep), applied as one undoable edit
   * that changes only their values; the loss goes onto the chart.
   */
  step(): void {
    const { lr, mean, outputId, losses } = this.editor.state.training;
    const doc = this.editor.state.doc.present;
    let res: ReturnType<typeof sgdStep>;
    try {
      res = sgdStep(doc, { lr, mean });
    } catch (e) {
      this.editor.notify(`No training step: ${(e as Error).message}.`, 'error');
      return;
    }
    const updated = new Map<string, NodeValue>();
    res.doc.nodes.forEach((n, i) => {
      if (n !== doc.nodes[i] && n.value !== undefined) updated.set(n.id, n.value);
    });
    this.editor.commit(`Training step (lr ${lr})`, (d) => {
      for (const n of d.nodes) {
        const v = updated.get(n.id);
        if (v !== undefined) n.value = v as Draft<NodeValue>;
      }
    });
    const output = res.after.output?.id ?? null;
    const before = output === outputId && losses.at(-1) === res.lossBefore ? losses : [res.lossBefore];
    this.editor.set('training', { outputId: output, losses: res.lossAfter === undefined ? before : [...before, res.lossAfter] });
    const after = res.lossAfter === undefined ? 'no value' : formatLabel(res.lossAfter);
    const up = res.lossAfter !== undefined && res.lossAfter > res.lossBefore;
    this.editor.notify(
      `Training step: loss ${formatLabel(res.lossBefore)} → ${after}${up ? ' (it went up: the learning rate may be too high)' : ''}.`,
    );
  }
}
