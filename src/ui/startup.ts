import { payloadFromHash } from '../export/share';
import { editor } from './editor';
import { startLibrary, type LibraryEnv } from './library/session';
import { isEmbed, openLinkFromHash, startEmbed } from './share/link';
import { isFirstVisit } from './welcome/first-visit';
import { joinCodeOf } from './classroom/endpoint';

/**
 * Opens this tab's document from the library (moving older autosaves in first), else P1; then a
 * shared link in the URL, if any, opens as a new document. The embed view touches no storage. A
 * first visit without a link opens on the start screen; one that follows a link sees the graph.
 */
export async function startEditor(env?: LibraryEnv): Promise<void> {
  if (isEmbed()) return startEmbed();
  // A student's view shows the instructor's graph: nothing of the library is opened or saved.
  if (joinCodeOf() !== null) return;
  const linked = payloadFromHash(location.hash) !== null;
  await startLibrary(env);
  await openLinkFromHash();
  if (!linked && isFirstVisit()) editor.set('ui', { welcomeOpen: true });
}
