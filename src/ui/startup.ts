import { startLibrary, type LibraryEnv } from './library/session';
import { isEmbed, openLinkFromHash, startEmbed } from './share/link';

/**
 * Opens this tab's document from the library (moving older autosaves in first), else P1; then a
 * shared link in the URL, if any, opens as a new document. The embed view touches no storage.
 */
export async function startEditor(env?: LibraryEnv): Promise<void> {
  if (isEmbed()) return startEmbed();
  await startLibrary(env);
  await openLinkFromHash();
}
