import { interpolateRdBu, scaleDiverging } from 'd3';
import { useId, useMemo } from 'react';
import { formatLabel } from '../../format/number';
import type { DataSet } from '../../graph/optim/data';
import { classifierOf, softmax } from '../../graph/optim/saliency';
import type { GraphDocument } from '../../graph/schema';
import { NumberField } from '../panels/NumberField';
import { editor, useEditorState } from '../editor';
import { DigitImage } from './DigitImage';
import { ASCENT_STEPS, sampleOf } from './saliency';

const SIZE = 112;

/** Red where raising the pixel raises the score, blue where it lowers it; white for no effect. */
function heat(grad: ArrayLike<number>) {
  const m = Math.max(...Array.from(grad, Math.abs)) || 1;
  const scale = scaleDiverging((t: number) => interpolateRdBu(1 - t)).domain([-m, 0, m]);
  return { m, colours: Array.from(grad, (g) => scale(g)) };
}

/** The colour scale beside the heatmap, labelled with its range. */
function HeatLegend({ m }: { m: number }) {
  const stops = [0, 0.25, 0.5, 0.75, 1];
  const id = useId();
  return (
    <figure className="heat-legend" aria-label={`colour scale from −${formatLabel(m)} to ${formatLabel(m)}`}>
      <svg width={SIZE} height={12} aria-hidden="true">
        <defs>
          <linearGradient id={id}>
            {stops.map((t) => (
              <stop key={t} offset={t} stopColor={interpolateRdBu(1 - t)} />
            ))}
          </linearGradient>
        </defs>
        <rect width={SIZE} height={12} fill={`url(#${id})`} stroke="var(--border-strong)" />
      </svg>
      <figcaption>
        <span data-testid="heat-min">−{formatLabel(m)}</span>
        <span>0</span>
        <span data-testid="heat-max">{formatLabel(m)}</span>
      </figcaption>
    </figure>
  );
}

const CLASSES = Array.from({ length: 10 }, (_, c) => c);

/**
 * Saliency for one held-out digit: ∂s_c/∂x, the gradient of class c's score with respect to each
 * pixel, as a heatmap over the digit; and gradient ascent that changes the pixels until the model
 * sees class T, one engine step at a time.
 */
export function SaliencyView({ doc, dataset }: { doc: GraphDocument; dataset: DataSet }) {
  const { index, cls, target, lr, ascent, running } = useEditorState((s) => s.saliency);
  const classId = useId();
  const targetId = useId();
  const lens = useMemo(() => {
    if (index === null) return null;
    try {
      const model = classifierOf(doc, dataset);
      const pixels = sampleOf(doc, dataset, index);
      const p = softmax(model.scoreGradient(pixels, 0).scores);
      const predicted = p.indexOf(Math.max(...p));
      const c = cls ?? predicted;
      const { grad } = model.scoreGradient(pixels, c);
      return { pixels, p, predicted, c, ...heat(grad) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [doc, dataset, index, cls]);
  if (index === null || !lens)
    return <p className="saliency__hint">Choose a misclassified digit above to see which pixels sway the model.</p>;
  if ('error' in lens) return <p className="saliency__hint">No saliency: {lens.error}.</p>;
  const label = dataset.fields[doc.training?.data?.fields?.[1] ?? 'labels']?.data[index];
  return (
    <section className="saliency" aria-label="Saliency">
      <h4>
        sample {index}
        {label === undefined ? '' : `, a ${label}`}: the model says {lens.predicted} ({formatLabel(100 * lens.p[lens.predicted])}%)
      </h4>
      <div className="saliency__field">
        <label htmlFor={classId}>gradient of the score of class</label>
        <select id={classId} value={lens.c} onChange={(e) => editor.set('saliency', { cls: Number(e.target.value) })}>
          {CLASSES.map((c) => (
            <option key={c} value={c}>
              {c}
              {c === lens.predicted ? ' (predicted)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="saliency__pair">
        <DigitImage pixels={lens.pixels} size={SIZE} label={`sample ${index}`} />
        <div>
          <DigitImage
            pixels={lens.pixels}
            size={SIZE}
            colours={lens.colours}
            label={`∂s${lens.c}/∂x over sample ${index}: red raises the score of ${lens.c}, blue lowers it`}
          />
          <HeatLegend m={lens.m} />
        </div>
      </div>
      <p className="saliency__note">
        ∂s<sub>{lens.c}</sub>/∂x: red pixels, made darker, raise the score of {lens.c}; blue ones lower it.
      </p>
      <h4>make it look like class T</h4>
      <div className="saliency__field">
        <label htmlFor={targetId}>target class T</label>
        <select id={targetId} value={target} onChange={(e) => editor.set('saliency', { target: Number(e.target.value), ascent: null })}>
          {CLASSES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <NumberField label="step size η" value={lr} min={0} onCommit={(v) => editor.set('saliency', { lr: v })} />
      <p className="saliency__note">
        x ← clip(x + η·∂s<sub>T</sub>/∂x, 0, 1), up to {ASCENT_STEPS} steps
      </p>
      <div className="training-runs__buttons">
        {running ? (
          <button type="button" className="button button--primary" onClick={() => editor.saliency.stop()}>
            Stop ascent
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={() => editor.saliency.start()}>
            Start ascent
          </button>
        )}
        <button type="button" className="button" disabled={running} onClick={() => editor.saliency.step()}>
          One step
        </button>
        <button type="button" className="button" disabled={!ascent} onClick={() => editor.saliency.restart()}>
          Reset image
        </button>
      </div>
      {ascent && (
        <div className="saliency__pair" aria-label="Gradient ascent" role="group">
          <DigitImage pixels={ascent.sample} size={SIZE} label={`sample ${index} after ${ascent.step} ascent steps towards ${target}`} />
          <p className="saliency__readout" data-testid="ascent-readout">
            step {ascent.step}
            <br />s<sub>{target}</sub> = {formatLabel(ascent.score)}
            <br />
            p({target}) = {formatLabel(100 * ascent.probability)}%
            <br />
            the model says {ascent.predicted}
          </p>
        </div>
      )}
    </section>
  );
}
