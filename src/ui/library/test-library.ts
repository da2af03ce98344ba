import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { Library, type Entry, type EntrySource } from './store';
import { markVisited } from '../welcome/first-visit';

/**
 * A browser with nothing stored: empty localStorage and sessionStorage and a new, empty
 * IndexedDB (fake-indexeddb, the standard in-memory implementation for Node tests). The start
 * screen counts as seen unless the test is about a first visit.
 */
export function freshBrowser(opts: { readonly firstVisit?: boolean } = {}): void {
  globalThis.localStorage?.clear();
  globalThis.sessionStorage?.clear();
  globalThis.indexedDB = new IDBFactory();
  if (!opts.firstVisit) markVisited();
}

/** Reads or writes the library as another tab would: through a connection of its own. */
export async function withLibrary<T>(task: (lib: Library) => Promise<T>): Promise<T> {
  const lib = await Library.open();
  try {
    return await task(lib);
  } finally {
    lib.close();
  }
}

export const addEntry = (text: string, source: EntrySource = { kind: 'new' }) => withLibrary((lib) => lib.add(text, source));

/** Every entry, text included, most recently changed first. */
export const allEntries = (): Promise<Entry[]> =>
  withLibrary(async (lib) => (await Promise.all((await lib.list()).map((m) => lib.get(m.id)))).filter((e): e is Entry => e !== undefined));

/** An entry's document without its viewport (the canvas saves the fitted view along with it). */
export function docOf(entry: Entry | undefined): GraphDocument {
  const res = parseDocument(entry?.text ?? '');
  if (!res.ok) throw new Error(`not a readable entry: ${entry?.title}`);
  const { view: _view, ...doc } = res.doc;
  return doc;
}
