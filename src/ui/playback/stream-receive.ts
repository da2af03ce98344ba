import { applyChunk, type TraceChunk } from '../../graph/trace-stream';
import type { Editor } from '../editor/Editor';
import { initialTraceStream } from './stream-state';

/** The evaluation of the document with this fingerprint was posted to the worker: its trace starts empty. */
export function traceStarted(editor: Editor, fingerprint: string): void {
  editor.set('traceStream', { ...initialTraceStream(), fingerprint, startedAt: performance.now() });
}

/** A chunk of the running evaluation's trace: its steps go in place, and playback waiting for them moves on. */
export function traceArrived(editor: Editor, fingerprint: string, chunk: TraceChunk): void {
  const s = editor.state.traceStream;
  if (s.fingerprint !== fingerprint) return;
  editor.set('traceStream', {
    steps: chunk.at.length > 0 ? applyChunk(s.steps, chunk) : s.steps,
    forwardCount: chunk.forwardCount,
    expected: chunk.expected,
    done: chunk.done,
    firstStepAt: s.firstStepAt ?? (chunk.at.length > 0 ? performance.now() : null),
  });
  editor.playback.streamed();
}

/** The evaluation was stopped or failed: a partial trace is of no document any more. */
export function traceDropped(editor: Editor): void {
  if (editor.state.traceStream.fingerprint !== null) editor.set('traceStream', initialTraceStream());
}
