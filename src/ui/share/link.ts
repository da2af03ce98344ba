import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { decodeShare, encodeShare, payloadFromHash, SHARE_KEY } from '../../graph/share';
import { firstDocument } from '../examples';
import { replaceDocument } from '../files';
import { AUTOSAVE_KEY, readAutosave } from '../store/autosave';
import { emptyDocument, useEditor } from '../store/editor';
import { notify } from '../store/ui';
import { useShare } from './share-state';

/** Where the user's own document is kept when a shared link replaces it. */
export const BEFORE_LINK_KEY = 'backprop-studio.before-link';

type Place = Pick<Location, 'origin' | 'pathname' | 'search' | 'hash'>;

/** A link that opens this document: the graph travels in the fragment, which never reaches a server. */
export function shareUrl(doc: GraphDocument, loc: Place = location): string {
  // The sender's viewport suits the sender's screen; the recipient's view is fitted instead.
  const { view: _view, ...shared } = doc;
  return `${loc.origin}${loc.pathname}#${SHARE_KEY}=${encodeShare(shared)}`;
}

const fragment = (loc: Place): URLSearchParams => new URLSearchParams(loc.hash.replace(/^#/, ''));

/** The embed view for course pages: `?embed=1`, or `embed=1` in the fragment. */
export const isEmbed = (loc: Place = location): boolean =>
  new URLSearchParams(loc.search).get('embed') === '1' || fragment(loc).get('embed') === '1';

/** Puts a link to the current document on the clipboard, or shows it to copy by hand. */
export async function copyShareLink(): Promise<void> {
  const url = shareUrl(useEditor.getState().present);
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(url);
    notify(`Link copied to the clipboard (${url.length.toLocaleString('en-US')} characters). Anyone who opens it sees this graph.`);
  } catch {
    useShare.setState({ fallbackLink: url });
    notify('The browser did not allow copying: the link is shown to copy by hand.');
  }
}

/** Removes the graph from the address bar, so a reload shows the autosaved work rather than re-importing. */
function forgetLink(loc: Place, hist: History): void {
  const rest = fragment(loc);
  rest.delete(SHARE_KEY);
  const hash = rest.size ? `#${rest}` : '';
  hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}${hash}`);
}

/**
 * Opens the document in the URL fragment, if there is one, after the autosave has been loaded.
 * A good link replaces the document as one undoable step and keeps the user's own autosaved
 * document under BEFORE_LINK_KEY; a bad one is reported and changes nothing.
 */
export function openLinkAtStart(storage: Storage | undefined, loc: Place = location, hist: History = history): void {
  const payload = payloadFromHash(loc.hash);
  if (payload === null) return;
  forgetLink(loc, hist);
  const res = decodeShare(payload);
  if (!res.ok) {
    notify('This shared link could not be opened, so nothing was imported; your own graph is unchanged.', 'error', res.issues);
    return;
  }
  const own = readAutosave(storage);
  let restorable = false;
  if (own.kind === 'ok') {
    try {
      storage?.setItem(BEFORE_LINK_KEY, storage.getItem(AUTOSAVE_KEY) ?? '');
      restorable = true;
    } catch {
      // A full storage: the previous document is still one Undo away in this session.
    }
  }
  replaceDocument(res.doc, 'Open shared link');
  useShare.setState({ opened: { title: res.doc.title ?? 'Untitled graph', restorable } });
}

/** Brings back the document the shared link replaced, as one undoable step. */
export function restorePreviousDocument(storage: Storage | undefined = globalThis.localStorage): void {
  const text = storage?.getItem(BEFORE_LINK_KEY);
  const res = text ? parseDocument(text) : null;
  useShare.setState({ opened: null });
  if (!res?.ok) {
    notify('Your previous document could not be read back.', 'error', res?.issues);
    return;
  }
  replaceDocument(res.doc, 'Restore previous document');
  storage?.removeItem(BEFORE_LINK_KEY);
  notify('Your previous document is back. Undo returns to the shared graph.');
}

/** The embed view's document: the linked one, else P1. It never reads or writes the user's storage. */
export function startEmbed(loc: Place = location): void {
  const payload = payloadFromHash(loc.hash);
  const res = payload === null ? null : decodeShare(payload);
  useEditor.getState().reset(res?.ok ? res.doc : (firstDocument() ?? emptyDocument()));
  if (res && !res.ok) notify('This embedded graph could not be opened.', 'error', res.issues);
}
