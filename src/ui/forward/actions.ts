import type { Value } from '../../tensor/tensor';
import { editor } from '../editor';

export const setForwardOpen = (open: boolean): void => editor.set('forward', open ? { open } : { open, step: null, tangents: new Map() });
export const setForwardTarget = (target: string): void => editor.set('forward', { target, element: null, step: null });
export const setForwardElement = (element: number | null): void => editor.set('forward', { element, step: null });
export const setForwardStep = (step: number | null): void => editor.set('forward', { step });
export const publishTangents = (tangents: ReadonlyMap<string, Value | undefined>, targetName = 'x'): void =>
  editor.set('forward', { tangents, targetName });
