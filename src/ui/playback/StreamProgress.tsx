import { arrivedPrefix } from '../../graph/trace-stream';
import { useEditorState } from '../editor';
import { streamMatches } from './playable';

/**
 * While the worker evaluates a heavy graph, how many steps of its trace have arrived: playback
 * can step through those already, and the rest follow with the values.
 */
export function StreamProgress() {
  const doc = useEditorState((s) => s.doc.present);
  const stream = useEditorState((s) => s.traceStream);
  if (stream.done || stream.expected === 0 || !streamMatches(doc, stream)) return null;
  const ready = arrivedPrefix(stream.steps);
  return (
    <span
      className="playback__stream"
      data-testid="trace-progress"
      title={`Values still computing in the worker: ${ready} of ${stream.expected} steps ready to play`}
    >
      <progress max={stream.expected} value={ready} aria-label="Steps computed" />
      <span role="status" aria-label={`Values still computing: ${ready} of ${stream.expected} steps ready`}>
        values computing {ready}/{stream.expected}
      </span>
    </span>
  );
}
