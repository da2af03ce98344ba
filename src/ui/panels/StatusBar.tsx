import { formatMilliseconds } from '../../format/duration';
import { formatLabel } from '../../format/number';
import { Legend } from '../canvas/Legend';
import { isHidden } from '../playback/store';
import { useEditorState } from '../editor';
import { tensorSummary } from './tensor-summary';

function OutputSummary() {
  const output = useEditorState((s) => (s.results.outputId ? s.results.byId.get(s.results.outputId) : undefined));
  const hidden = useEditorState((s) => output !== undefined && isHidden(s.playback, output.id, 'f'));
  const busy = useEditorState((s) => s.results.busy);
  if (!output) return <span>no output</span>;
  const v = output.value;
  // No value and no error: its evaluation is under way, or was stopped.
  const missing = output.problem !== null ? 'invalid' : busy ? '…' : 'not evaluated';
  const text = hidden ? '?' : v === undefined ? missing : typeof v === 'number' ? formatLabel(v) : tensorSummary(v.shape, v.data);
  return (
    <span title={typeof v === 'number' && !hidden ? String(v) : undefined}>
      output {output.label} = <b data-testid="status-output">{text}</b>
    </span>
  );
}

/** Counts, the output, problems and how the last evaluation ran. */
export function StatusBar() {
  const nodes = useEditorState((s) => s.doc.present.nodes.length);
  const edges = useEditorState((s) => s.doc.present.edges.length);
  const lastAction = useEditorState((s) => s.doc.lastAction);
  const invalid = useEditorState((s) => s.results.nodes.filter((n) => n.problem !== null).length);
  const busy = useEditorState((s) => s.results.busy);
  const stopped = useEditorState((s) => s.results.stopped);
  const runs = useEditorState((s) => s.results.runs);
  const ms = useEditorState((s) => s.results.ms);
  const where = useEditorState((s) => s.results.where);
  return (
    <footer className="statusbar">
      <span className="statusbar__counts">
        {nodes} nodes · {edges} edges
      </span>
      <OutputSummary />
      {invalid > 0 && <span className="statusbar__invalid">⚠ {invalid} invalid</span>}
      <span className="statusbar__spacer" />
      <Legend />
      {lastAction && <span className="muted statusbar__action">{lastAction}</span>}
      <span className="muted" data-testid="eval-status" data-runs={runs}>
        {busy ? 'evaluating…' : stopped ? 'evaluation stopped' : ms !== null ? `evaluated in ${formatMilliseconds(ms)} (${where})` : ''}
      </span>
    </footer>
  );
}
