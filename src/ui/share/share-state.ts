import { create } from 'zustand';

/** What the sharing UI shows: a link to copy by hand, and the offer after opening a shared link. */
export interface ShareState {
  /** A link the clipboard refused, shown in a field to copy from. */
  readonly fallbackLink: string | null;
  /** The shared graph opened at start-up, and whether the user's own document was kept to restore. */
  readonly opened: { readonly title: string; readonly restorable: boolean } | null;
}

export const useShare = create<ShareState>()(() => ({ fallbackLink: null, opened: null }));
