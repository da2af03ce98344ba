import type { TangentChunk } from '../../graph/trace-stream';
import type { Editor } from '../editor/Editor';
import type { TangentAsk } from '../eval/protocol';
import { initialTangentStream } from './tangent-stream';

/** What forward mode asks of a heavy graph's evaluation: its tangents, while forward mode is open. */
export const tangentAsk = (editor: Editor): TangentAsk | null => {
  const { open, target, element } = editor.state.forward;
  return open ? { target, element } : null;
};

/** The evaluator's key of an evaluation with its tangents: another target is another job. */
export const tangentKey = (fingerprint: string, ask: TangentAsk | null): string =>
  ask ? `${fingerprint} d/d ${ask.target ?? ''}[${ask.element ?? ''}]` : fingerprint;

/** An evaluation that asked for tangents was posted: its steps are on their way. */
export function tangentsAsked(editor: Editor, key: string, fingerprint: string): void {
  editor.set('tangentStream', { key, fingerprint, chunk: null });
}

/** The worker's tangent steps for the job of this key (stale ones are dropped). */
export function tangentsArrived(editor: Editor, key: string, chunk: TangentChunk): void {
  if (editor.state.tangentStream.key === key) editor.set('tangentStream', { chunk });
}

export function tangentsDropped(editor: Editor): void {
  if (editor.state.tangentStream.key !== null) editor.set('tangentStream', initialTangentStream());
}
