import { useId } from 'react';
import { formatLabel } from '../../format/number';
import { useResults } from '../eval/results-store';
import { isHidden, usePlayback } from '../playback/store';
import { NumberField } from '../panels/NumberField';
import { LossChart } from './LossChart';
import { TrainingRuns } from '../training/TrainingRuns';
import { trainingStep, useTraining } from './training';

/** The output's loss, a training step (learning rate, mean over the batch) and the loss per step. */
export function TrainingPanel({ id }: { id: string }) {
  const loss = useResults((s) => s.byId.get(id)?.value);
  const hidden = usePlayback((s) => isHidden(s, id, 'f'));
  const lr = useTraining((s) => s.lr);
  const mean = useTraining((s) => s.mean);
  const losses = useTraining((s) => (s.outputId === id ? s.losses : null));
  const meanId = useId();
  if (typeof loss !== 'number') return null;
  return (
    <fieldset className="training">
      <legend>Training</legend>
      <p className="training__loss">
        loss <b data-testid="training-loss">{hidden ? '?' : formatLabel(loss)}</b>
      </p>
      <NumberField label="learning rate" value={lr} min={0} onCommit={(v) => useTraining.setState({ lr: v })} />
      <div className="field--check">
        <input id={meanId} type="checkbox" checked={mean} onChange={(e) => useTraining.setState({ mean: e.target.checked })} />
        <label htmlFor={meanId}>average the gradient over the batch</label>
      </div>
      <button type="button" className="button button--primary" onClick={trainingStep}>
        Training step
      </button>
      {losses && losses.length > 1 && <LossChart losses={losses} />}
      <TrainingRuns />
    </fieldset>
  );
}
