import type { Draft } from 'immer';
import { create } from 'zustand';
import { formatLabel } from '../../format/number';
import type { NodeValue } from '../../graph/schema';
import { sgdStep } from '../../graph/train';
import { currentDoc, useEditor } from '../store/editor';
import { notify } from '../store/ui';

/** View state of training: the settings and the loss after each step, for one output node. */
export interface TrainingState {
  readonly lr: number;
  readonly mean: boolean;
  /** The node whose loss `losses` follows. */
  readonly outputId: string | null;
  /** The loss before the first step, then after each one. */
  readonly losses: readonly number[];
}

export const useTraining = create<TrainingState>()(() => ({ lr: 0.1, mean: false, outputId: null, losses: [] }));

/**
 * One step of gradient descent on the trainable inputs (sgdStep), applied as one undoable edit
 * that changes only their values; the loss goes onto the chart.
 */
export function trainingStep(): void {
  const { lr, mean, outputId, losses } = useTraining.getState();
  const doc = currentDoc();
  let res: ReturnType<typeof sgdStep>;
  try {
    res = sgdStep(doc, { lr, mean });
  } catch (e) {
    notify(`No training step: ${(e as Error).message}.`, 'error');
    return;
  }
  const updated = new Map<string, NodeValue>();
  res.doc.nodes.forEach((n, i) => {
    if (n !== doc.nodes[i] && n.value !== undefined) updated.set(n.id, n.value);
  });
  useEditor.getState().commit(`Training step (lr ${lr})`, (d) => {
    for (const n of d.nodes) {
      const v = updated.get(n.id);
      if (v !== undefined) n.value = v as Draft<NodeValue>;
    }
  });
  const output = res.after.output?.id ?? null;
  const before = output === outputId && losses.at(-1) === res.lossBefore ? losses : [res.lossBefore];
  useTraining.setState({ outputId: output, losses: res.lossAfter === undefined ? before : [...before, res.lossAfter] });
  const after = res.lossAfter === undefined ? 'no value' : formatLabel(res.lossAfter);
  const up = res.lossAfter !== undefined && res.lossAfter > res.lossBefore;
  notify(`Training step: loss ${formatLabel(res.lossBefore)} → ${after}${up ? ' (it went up: the learning rate may be too high)' : ''}.`);
}
