import { formatLabel } from '../../format/number';
import { NumberField } from '../panels/NumberField';
import { editor, useEditorState } from '../editor';
import { ConfusionMatrix } from './ConfusionMatrix';
import { MistakesGrid } from './MistakesGrid';
import { SaliencyView } from './SaliencyView';
import { TrainLossCurves } from './TrainLossCurves';
import { initialTrainer, sameParams, type TrainerState } from './trainer-state';
import './training.css';

const STATUS: Record<TrainerState['status'], string> = {
  idle: '',
  loading: 'loading the data set…',
  running: 'training in the background',
  finished: 'finished',
  stopped: 'stopped: the parameters reached are kept',
  failed: 'failed',
};

/** Where the job is, in words: step, epoch, the last batch loss and held-out accuracy. */
function progressText(t: TrainerState): string {
  const parts = [`step ${t.done} of ${t.total}`];
  if (t.perEpoch > 1) parts.push(`epoch ${Math.min(t.total / t.perEpoch, Math.floor(t.done / t.perEpoch) + 1)} of ${t.total / t.perEpoch}`);
  const loss = t.batchLosses.at(-1);
  if (loss !== undefined) parts.push(`loss ${formatLabel(loss)}`);
  const acc = t.result ? t.result.correct / t.result.total : t.epochLosses.at(-1)?.accuracy;
  if (acc !== undefined) parts.push(`held-out accuracy ${formatLabel(100 * acc)}%`);
  return parts.join(' · ');
}

/**
 * Training the document on its data set in a Web Worker: epochs to run, a progress bar, Stop, the
 * per-batch and per-epoch loss curves, then the held-out confusion matrix, the misclassified
 * digits and saliency on a chosen one.
 */
export function WorkerTrainingPanel() {
  const current = useEditorState((s) => s.trainer);
  const doc = useEditorState((s) => s.doc.present);
  const opened = useEditorState((s) => s.doc.opened);
  if (!doc.training) return null;
  // A job of a document opened before this one says nothing about this one.
  const trainer = current.opened === opened ? current : { ...initialTrainer(), epochs: current.epochs };
  const busy = trainer.status === 'loading' || trainer.status === 'running';
  const hasData = doc.training.data !== undefined;
  return (
    <section className="worker-training" aria-label="Training in the background">
      <h4>train in the background</h4>
      <NumberField
        label={hasData ? 'epochs' : 'steps'}
        integer
        min={1}
        value={trainer.epochs}
        onCommit={(v) => editor.set('trainer', { epochs: v })}
      />
      <div className="training-runs__buttons">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void editor.trainer.start()}>
          Train
        </button>
        <button type="button" className="button" disabled={!busy} onClick={() => editor.trainer.stop()}>
          Stop
        </button>
      </div>
      {trainer.status !== 'idle' && (
        <>
          <progress className="worker-training__bar" value={trainer.done} max={Math.max(1, trainer.total)} aria-label="Training progress" />
          <p className="worker-training__status" role="status" data-status={trainer.status}>
            {trainer.status === 'failed'
              ? `failed: ${trainer.message ?? ''}`
              : `${STATUS[trainer.status]}${trainer.total ? `: ${progressText(trainer)}` : ''}`}
            {trainer.status !== 'running' && trainer.elapsedMs > 0 && trainer.total > 0
              ? ` (${formatLabel(trainer.elapsedMs / 1000)} s)`
              : ''}
          </p>
        </>
      )}
      {trainer.batchLosses.length > 0 && <TrainLossCurves trainer={trainer} />}
      {trainer.result && !busy && !sameParams(doc, trainer.resultFor) && (
        <p className="saliency__hint">The parameters have changed since this run: train again for their confusion matrix and saliency.</p>
      )}
      {trainer.result && !busy && sameParams(doc, trainer.resultFor) && (
        <>
          <ConfusionMatrix result={trainer.result} />
          {trainer.dataset && (
            <>
              <MistakesGrid result={trainer.result} dataset={trainer.dataset} doc={doc} />
              <SaliencyView doc={doc} dataset={trainer.dataset} />
            </>
          )}
        </>
      )}
    </section>
  );
}
