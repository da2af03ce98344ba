/** What the sharing UI shows: a link to copy by hand, and the offer after opening a shared link. */
export interface ShareState {
  /** A link the clipboard refused, shown in a field to copy from. */
  readonly fallbackLink: string | null;
  /** The shared graph just opened, and the document shown before it (still in My documents), to go back to. */
  readonly opened: { readonly title: string; readonly previous: { readonly id: string; readonly title: string } | null } | null;
}

export const initialShare = (): ShareState => ({ fallbackLink: null, opened: null });
