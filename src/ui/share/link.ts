import { formatCount } from '../../format/number';
import type { GraphDocument } from '../../graph/schema';
import { decodeShare, encodeShare, payloadFromHash, SHARE_KEY } from '../../export/share';
import { firstDocument } from '../examples';
import { openAsNew } from '../library/documents';
import { currentEntry } from '../library/session';
import { editor, emptyDocument } from '../editor';

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
  const url = shareUrl(editor.state.doc.present);
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(url);
    editor.notify(`Link copied to the clipboard (${formatCount(url.length)} characters). Anyone who opens it sees this graph.`);
  } catch {
    editor.set('share', { fallbackLink: url });
    editor.notify('The browser did not allow copying: the link is shown to copy by hand.');
  }
}

/** Removes the graph from the address bar, so a reload shows the document rather than re-importing it. */
function forgetLink(loc: Place, hist: History): void {
  const rest = fragment(loc);
  rest.delete(SHARE_KEY);
  const hash = rest.size ? `#${rest}` : '';
  hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}${hash}`);
}

/**
 * Opens the document in the URL fragment, if there is one: a good link becomes a new entry of
 * My documents and is shown, and the document shown before stays as it was; a bad one is
 * reported and changes nothing. Runs at start-up and whenever the fragment changes.
 */
export async function openLinkFromHash(loc: Place = location, hist: History = history): Promise<void> {
  const payload = payloadFromHash(loc.hash);
  if (payload === null) return;
  forgetLink(loc, hist);
  const res = decodeShare(payload);
  if (!res.ok) {
    editor.notify('This shared link could not be opened, so nothing was imported; your own graph is unchanged.', 'error', res.issues);
    return;
  }
  const previous = currentEntry();
  const added = await openAsNew(res.doc, { kind: 'link' });
  if (added || !previous) editor.set('share', { opened: { title: res.doc.title ?? 'Untitled graph', previous: added ? previous : null } });
}

/** A link pasted into the address bar of an open editor opens at once, by the same rules. */
export function listenForLinks(): () => void {
  const onChange = () => void openLinkFromHash();
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The embed view's document: the linked one, else P1. It never reads or writes the user's storage. */
export function startEmbed(loc: Place = location): void {
  const payload = payloadFromHash(loc.hash);
  const res = payload === null ? null : decodeShare(payload);
  editor.open(res?.ok ? res.doc : (firstDocument() ?? emptyDocument()));
  if (res && !res.ok) editor.notify('This embedded graph could not be opened.', 'error', res.issues);
}
