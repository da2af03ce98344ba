import type { StreamValue } from '../../graph/trace-stream';
import { editor } from '../editor';

/** While the playback bar steps forward mode, a new target starts its steps over; otherwise every tangent shows. */
const restart = (): number | null => (editor.state.playback.mode === 'forward' ? 0 : null);

export const setForwardOpen = (open: boolean): void => {
  if (!open && editor.state.playback.mode === 'forward') editor.playback.setMode('reverse');
  editor.set('forward', open ? { open } : { open, step: null, tangents: new Map() });
};
export const setForwardTarget = (target: string): void => editor.set('forward', { target, element: null, step: restart() });
export const setForwardElement = (element: number | null): void => editor.set('forward', { element, step: restart() });
export const publishTangents = (tangents: ReadonlyMap<string, StreamValue | undefined>, targetName = 'x'): void =>
  editor.set('forward', { tangents, targetName });
