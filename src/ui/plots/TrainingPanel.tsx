import { useId } from 'react';
import { formatLabel } from '../../format/number';
import { isHidden } from '../playback/store';
import { NumberField } from '../panels/NumberField';
import { LossChart } from './LossChart';
import { editor, useEditorState } from '../editor';
import { TrainingRuns } from '../training/TrainingRuns';
import { WorkerTrainingPanel } from '../training/WorkerTrainingPanel';

/** The output's loss, a training step (learning rate, mean over the batch) and the loss per step. */
export function TrainingPanel({ id }: { id: string }) {
  const loss = useEditorState((s) => s.results.byId.get(id)?.value);
  const hidden = useEditorState((s) => isHidden(s.playback, id, 'f'));
  const lr = useEditorState((s) => s.training.lr);
  const mean = useEditorState((s) => s.training.mean);
  const losses = useEditorState((s) => (s.training.outputId === id ? s.training.losses : null));
  const meanId = useId();
  if (typeof loss !== 'number') return null;
  return (
    <fieldset className="training">
      <legend>Training</legend>
      <p className="training__loss">
        loss <b data-testid="training-loss">{hidden ? '?' : formatLabel(loss)}</b>
      </p>
      <NumberField label="learning rate" value={lr} min={0} onCommit={(v) => editor.set('training', { lr: v })} />
      <div className="field--check">
        <input id={meanId} type="checkbox" checked={mean} onChange={(e) => editor.set('training', { mean: e.target.checked })} />
        <label htmlFor={meanId}>average the gradient over the batch</label>
      </div>
      <button type="button" className="button button--primary" onClick={() => editor.training.step()}>
        Training step
      </button>
      {losses && losses.length > 1 && <LossChart losses={losses} />}
      <TrainingRuns />
      <WorkerTrainingPanel />
    </fieldset>
  );
}
