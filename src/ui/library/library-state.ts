import type { Entry, EntryMeta } from './store';

/** What the "My documents" panel shows. */
export interface LibraryState {
  readonly entries: readonly EntryMeta[];
  readonly currentId: string | null;
  /** Why documents cannot be kept in this browser, when they cannot. */
  readonly unavailable: string | null;
  readonly panelOpen: boolean;
  /** The entry deleted last, whole, while its Undo is offered, and whether it was open. */
  readonly deleted: { readonly entry: Entry; readonly wasOpen: boolean } | null;
}

export const initialLibrary = (): LibraryState => ({ entries: [], currentId: null, unavailable: null, panelOpen: false, deleted: null });
