import type { Library } from './store';

/**
 * Where earlier versions kept documents in localStorage: the one autosave slot, the copy a shared
 * link set aside, and an autosave that could not be read. Listed newest first, as they are added.
 */
export const LEGACY_KEYS = [
  { key: 'backprop-studio.autosave', title: 'Autosaved graph (unreadable)' },
  { key: 'backprop-studio.before-link', title: 'Graph kept before opening a link (unreadable)' },
  { key: 'backprop-studio.autosave.unreadable', title: 'Unreadable autosave' },
] as const;

/**
 * Moves the old localStorage documents into the library, once: each distinct text becomes an
 * entry (unreadable ones too, marked so), and the old keys are removed only after every entry
 * was written. A text already migrated (a crash between the two steps) is not added twice.
 * Returns the ids of the entries added.
 */
export async function migrateLegacy(lib: Library, storage: Storage | undefined): Promise<string[]> {
  const found = LEGACY_KEYS.flatMap(({ key, title }) => {
    const text = storage?.getItem(key);
    return text === null || text === undefined ? [] : [{ key, title, text }];
  });
  if (found.length === 0) return [];
  const migrated = new Set<string>();
  for (const meta of await lib.list()) {
    if (meta.source.kind !== 'legacy') continue;
    const entry = await lib.get(meta.id);
    if (entry) migrated.add(entry.text);
  }
  const added: string[] = [];
  const now = Date.now();
  for (const [i, { key, title, text }] of found.entries()) {
    if (migrated.has(text)) continue;
    migrated.add(text);
    // The old autosave was what a reload showed: it gets the latest time, so it opens first.
    added.push((await lib.add(text, { kind: 'legacy', key }, { title, now: now - i })).id);
  }
  for (const { key } of found) storage?.removeItem(key);
  return added;
}
