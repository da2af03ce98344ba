/**
 * A synchronous copy of unsaved work, written to localStorage when the page is hidden or
 * unloaded: an IndexedDB write started then may be cut off by the reload or the closing tab,
 * a localStorage write cannot. The next start writes it into the library and removes it.
 */
export interface Pending {
  /** The library entry the work belongs to, and the revision it was based on. */
  readonly id: string;
  readonly rev: number;
  readonly text: string;
  /** The save that was to write it ("tab:seq"), to find out whether it landed. */
  readonly writer: string;
}

const PREFIX = 'backprop-studio.unsaved.';

/** Keeps this tab's unsaved work; false when the storage refused it (full or disabled). */
export function keepPending(storage: Storage | undefined, tab: string, p: Pending): boolean {
  try {
    storage?.setItem(PREFIX + tab, JSON.stringify(p));
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** Forgets this tab's copy once the library holds that text. */
export function dropPending(storage: Storage | undefined, tab: string, text: string): void {
  const kept = readPending(storage).find((p) => p.key === PREFIX + tab);
  if (kept?.pending.text === text) storage?.removeItem(kept.key);
}

const isPending = (v: unknown): v is Pending =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Pending).id === 'string' &&
  typeof (v as Pending).rev === 'number' &&
  typeof (v as Pending).text === 'string' &&
  typeof (v as Pending).writer === 'string';

/** Every tab's kept copy, with the key to remove once it is in the library. */
export function readPending(storage: Storage | undefined): { key: string; pending: Pending }[] {
  if (!storage) return [];
  const out: { key: string; pending: Pending }[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const v: unknown = JSON.parse(storage.getItem(key) ?? '');
      if (isPending(v)) out.push({ key, pending: v });
    } catch {
      // Not ours to judge: a malformed copy is left where it is rather than deleted.
    }
  }
  return out;
}
