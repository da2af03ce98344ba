import { Landscape } from '../landscape/Landscape';
import { OptimizerChooser } from './OptimizerChooser';
import { RunsChart } from './RunsChart';
import { editor, useEditorState } from '../editor';
import { keepRun, runOptimizer } from './runs';
import { UpdateCard } from './UpdateCard';
import './training.css';

/** Optimizer runs to compare: choose, run N steps (each run overlaid on the chart), keep one; the next update written out. */
export function TrainingRuns() {
  const runs = useEditorState((s) => s.runs.runs);
  const last = runs.at(-1);
  return (
    <section className="training-runs" aria-label="Optimizer runs">
      <OptimizerChooser />
      <div className="training-runs__buttons">
        <button type="button" className="button button--primary" onClick={() => void runOptimizer()}>
          Run
        </button>
        <button type="button" className="button" disabled={!last} onClick={() => last && keepRun(last)}>
          Keep last run
        </button>
        <button type="button" className="button" disabled={!runs.length} onClick={() => editor.set('runs', { runs: [] })}>
          Clear runs
        </button>
      </div>
      {runs.length > 0 && <RunsChart runs={runs} />}
      <Landscape />
      <UpdateCard />
    </section>
  );
}
