import { formatMilliseconds } from '../../format/duration';
import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import { Legend } from '../canvas/Legend';
import { useResults } from '../eval/results-store';
import { isHidden, usePlayback } from '../playback/store';
import { useEditor } from '../store/editor';

function OutputSummary() {
  const output = useResults((s) => (s.outputId ? s.byId.get(s.outputId) : undefined));
  const hidden = usePlayback((s) => output !== undefined && isHidden(s, output.id, 'f'));
  const busy = useResults((s) => s.busy);
  if (!output) return <span>no output</span>;
  const v = output.value;
  // No value and no error: its evaluation is under way, or was stopped.
  const missing = output.problem !== null ? 'invalid' : busy ? '…' : 'not evaluated';
  const text = hidden ? '?' : v === undefined ? missing : typeof v === 'number' ? formatLabel(v) : formatShape(v.shape);
  return (
    <span title={typeof v === 'number' && !hidden ? String(v) : undefined}>
      output {output.label} = <b data-testid="status-output">{text}</b>
    </span>
  );
}

/** Counts, the output, problems and how the last evaluation ran. */
export function StatusBar() {
  const nodes = useEditor((s) => s.present.nodes.length);
  const edges = useEditor((s) => s.present.edges.length);
  const lastAction = useEditor((s) => s.lastAction);
  const invalid = useResults((s) => s.nodes.filter((n) => n.problem !== null).length);
  const busy = useResults((s) => s.busy);
  const stopped = useResults((s) => s.stopped);
  const runs = useResults((s) => s.runs);
  const ms = useResults((s) => s.ms);
  const where = useResults((s) => s.where);
  return (
    <footer className="statusbar">
      <span>
        {nodes} nodes · {edges} edges
      </span>
      <OutputSummary />
      {invalid > 0 && <span className="statusbar__invalid">⚠ {invalid} invalid</span>}
      <span className="statusbar__spacer" />
      <Legend />
      {lastAction && <span className="muted">{lastAction}</span>}
      <span className="muted" data-testid="eval-status" data-runs={runs}>
        {busy ? 'evaluating…' : stopped ? 'evaluation stopped' : ms !== null ? `evaluated in ${formatMilliseconds(ms)} (${where})` : ''}
      </span>
    </footer>
  );
}
