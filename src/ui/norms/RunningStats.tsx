import type { GraphNode } from '../../graph/schema';
import { formatLabel } from '../../format/number';
import { useEditorState } from '../editor';
import { applyRunning } from './running-actions';
import { runningStatsOf } from './running-stats';
import './norms.css';

/** Channels listed before "… more": the table is a check by eye, the full tensors are in the constants. */
const SHOWN = 8;

/**
 * Batch norm's running statistics in the inspector: the ones this pass read and, in training
 * mode, the ones it wrote by PyTorch's rule, with the action that carries them into the document.
 */
export function RunningStats({ node }: { node: GraphNode }) {
  const doc = useEditorState((s) => s.doc.present);
  const byId = useEditorState((s) => s.results.byId);
  const stats = runningStatsOf(doc, node, byId);
  const { current, updated, mode, momentum } = stats;
  const channels = current ? current.runningMean.length : 0;
  const rows = Array.from({ length: Math.min(channels, SHOWN) }, (_, c) => c);
  const source = stats.connected.runningMean || stats.connected.runningVar ? 'from the connected inputs' : 'PyTorch’s start values';
  return (
    <section className="facts running-stats" aria-label="Running statistics">
      <h3>Running statistics</h3>
      <p className="muted">
        {mode === 'eval'
          ? `Eval mode: normalises with these (${source}); they do not change.`
          : `Training mode: normalises with the batch’s statistics and updates these (${source}) with momentum m = ${formatLabel(momentum)}: mean ← (1 − m)·mean + m·μ, var ← (1 − m)·var + m·σ²·n/(n − 1) (the unbiased variance).`}
      </p>
      {current && (
        <table className="running-stats__table" data-testid="running-stats">
          <thead>
            <tr>
              <th scope="col">c</th>
              <th scope="col">mean</th>
              <th scope="col">var</th>
              {updated && <th scope="col">→ mean</th>}
              {updated && <th scope="col">→ var</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c}>
                <th scope="row">{c + 1}</th>
                <td title={String(current.runningMean[c])}>{formatLabel(current.runningMean[c])}</td>
                <td title={String(current.runningVar[c])}>{formatLabel(current.runningVar[c])}</td>
                {updated && <td title={String(updated.runningMean.data[c])}>{formatLabel(updated.runningMean.data[c])}</td>}
                {updated && <td title={String(updated.runningVar.data[c])}>{formatLabel(updated.runningVar.data[c])}</td>}
              </tr>
            ))}
          </tbody>
          {channels > SHOWN && (
            <tfoot>
              <tr>
                <td colSpan={updated ? 5 : 3} className="muted">
                  … {channels - SHOWN} more channels
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
      {updated && (
        <button type="button" className="button" onClick={() => applyRunning(node.id)}>
          Apply running stats
        </button>
      )}
    </section>
  );
}
