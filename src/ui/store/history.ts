import { applyPatches, enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';

enablePatches();

/** One undoable edit: the patches that made it and the patches that take it back. */
export interface HistoryEntry {
  readonly label: string;
  readonly patches: readonly Patch[];
  readonly inverse: readonly Patch[];
  /** Consecutive edits with the same key (keystrokes in one field) merge into one entry. */
  readonly key?: string;
  readonly at: number;
}

export interface History<T> {
  readonly present: T;
  readonly past: readonly HistoryEntry[];
  readonly future: readonly HistoryEntry[];
}

/** Mutates the draft, or returns a whole new value (opening a file). */
export type Recipe<T> = (draft: Draft<T>) => void | T;

/** Edits with the same key closer together than this merge. */
const COALESCE_MS = 1500;
const HISTORY_LIMIT = 300;

/** Applies a recipe and records it; an edit that changes nothing leaves the history alone. */
export function record<T>(h: History<T>, label: string, recipe: Recipe<T>, key?: string, now = Date.now()): History<T> {
  const [present, patches, inverse] = produceWithPatches(h.present, recipe as (d: Draft<T>) => void);
  if (patches.length === 0) return h;
  const last = h.past.at(-1);
  if (key !== undefined && last?.key === key && now - last.at < COALESCE_MS) {
    const merged: HistoryEntry = { label, key, at: now, patches: [...last.patches, ...patches], inverse: [...inverse, ...last.inverse] };
    return { present, past: [...h.past.slice(0, -1), merged], future: [] };
  }
  const entry: HistoryEntry = { label, key, at: now, patches, inverse };
  return { present, past: [...h.past, entry].slice(-HISTORY_LIMIT), future: [] };
}

export function undo<T>(h: History<T>): History<T> {
  const entry = h.past.at(-1);
  if (!entry) return h;
  return {
    present: applyPatches(h.present as object, entry.inverse as Patch[]) as T,
    past: h.past.slice(0, -1),
    future: [...h.future, entry],
  };
}

export function redo<T>(h: History<T>): History<T> {
  const entry = h.future.at(-1);
  if (!entry) return h;
  return {
    present: applyPatches(h.present as object, entry.patches as Patch[]) as T,
    past: [...h.past, { ...entry, key: undefined }],
    future: h.future.slice(0, -1),
  };
}
