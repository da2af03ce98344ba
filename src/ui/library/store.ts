import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseDocument, serializeDocument, type DocIssue } from '../../graph/load';

/** Where a document came from, kept so two copies of one link can be told apart in the list. */
export type EntrySource =
  | { readonly kind: 'new' | 'start' | 'link' }
  | { readonly kind: 'example'; readonly file: string }
  | { readonly kind: 'file'; readonly name: string }
  | { readonly kind: 'duplicate' | 'conflict'; readonly of: string }
  | { readonly kind: 'legacy'; readonly key: string };

/** What the list shows of a document; the text itself is stored apart, so listing stays cheap. */
export interface EntryMeta {
  readonly id: string;
  readonly title: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
  readonly updated: number;
  /** Bumped by every write: a tab writes only over the revision it last saw. */
  readonly rev: number;
  /** Null when the text is not a readable document. */
  readonly nodeCount: number | null;
  /** The start of the document's description, if it has one. */
  readonly summary: string;
  readonly source: EntrySource;
  /** Why the text is not a readable document (JSON paths and reasons); null when it is. */
  readonly problems: readonly DocIssue[] | null;
  /**
   * Who wrote the latest revisions ("tab:seq" for a tab's saves, "rename:…" for a rename), so
   * a copy kept by a page that went away can tell whether its save landed and who wrote since.
   */
  readonly writers: readonly string[];
}

/** A whole entry: its metadata and the raw serialized document, kept even when unreadable. */
export interface Entry extends EntryMeta {
  readonly text: string;
}

export type SaveResult =
  | { readonly kind: 'saved'; readonly meta: EntryMeta }
  /** Another tab wrote this entry since this tab last saw it; nothing was written. */
  | { readonly kind: 'conflict'; readonly meta: EntryMeta };

interface Schema extends DBSchema {
  meta: { key: string; value: EntryMeta };
  texts: { key: string; value: string };
}

export const DB_NAME = 'backprop-studio';
const STORES = ['meta', 'texts'] as const;
const UNTITLED = 'Untitled graph';
const SUMMARY_CHARS = 140;
const WRITERS_KEPT = 32;

const withWriter = (old: readonly string[] | undefined, writer: string): string[] => [...(old ?? []), writer].slice(-WRITERS_KEPT);

/** The fields of an entry that follow from its text. */
function describe(text: string): Pick<EntryMeta, 'nodeCount' | 'summary' | 'problems'> & { docTitle: string | null } {
  const res = parseDocument(text);
  if (!res.ok) return { nodeCount: null, summary: '', problems: res.issues, docTitle: null };
  const { title, description, nodes } = res.doc;
  return { nodeCount: nodes.length, summary: (description ?? '').slice(0, SUMMARY_CHARS), problems: null, docTitle: title ?? UNTITLED };
}

function metaFor(text: string, base: Omit<EntryMeta, 'nodeCount' | 'summary' | 'problems' | 'title'>, fallbackTitle: string): EntryMeta {
  const { docTitle, ...rest } = describe(text);
  return { ...base, ...rest, title: docTitle ?? fallbackTitle };
}

const byRecency = (a: EntryMeta, b: EntryMeta): number => b.updated - a.updated || b.created - a.created;

const newId = (): string => globalThis.crypto.randomUUID();

/**
 * Every document the user has, in IndexedDB: one entry per document, written in transactions so
 * that tabs never overwrite each other (each write checks the revision its tab last saw).
 * No React and no editor here: plain text in, plain records out.
 */
export class Library {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name: string = DB_NAME): Promise<Library> {
    const db = await openDB<Schema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('meta', { keyPath: 'id' });
        d.createObjectStore('texts');
      },
    });
    return new Library(db);
  }

  close(): void {
    this.db.close();
  }

  /** Every entry's metadata, most recently changed first. */
  async list(): Promise<EntryMeta[]> {
    return (await this.db.getAll('meta')).sort(byRecency);
  }

  async get(id: string): Promise<Entry | undefined> {
    const tx = this.db.transaction(STORES);
    const [meta, text] = await Promise.all([tx.objectStore('meta').get(id), tx.objectStore('texts').get(id)]);
    return meta && text !== undefined ? { ...meta, text } : undefined;
  }

  /** Adds a document as a new entry; `title` names an unreadable text. */
  async add(text: string, source: EntrySource, opts: { title?: string; now?: number } = {}): Promise<EntryMeta> {
    const now = opts.now ?? Date.now();
    const meta = metaFor(
      text,
      { id: newId(), created: now, updated: now, rev: 1, source, writers: [] },
      opts.title ?? 'Unreadable document',
    );
    const tx = this.db.transaction(STORES, 'readwrite');
    await Promise.all([tx.objectStore('meta').add(meta), tx.objectStore('texts').add(text, meta.id), tx.done]);
    return meta;
  }

  /**
   * Writes a document's new text over the revision `rev` this tab last saw. If another tab wrote
   * the entry since, nothing is written and the caller is told (unless the texts are the same).
   * An entry deleted elsewhere is written back: an edit is never dropped. `writer` names the save.
   */
  async save(id: string, text: string, rev: number, writer: string): Promise<SaveResult> {
    const tx = this.db.transaction(STORES, 'readwrite');
    const [metas, texts] = [tx.objectStore('meta'), tx.objectStore('texts')];
    const old = await metas.get(id);
    if (old && old.rev !== rev) {
      const same = (await texts.get(id)) === text;
      await tx.done;
      return { kind: same ? 'saved' : 'conflict', meta: old };
    }
    const now = Date.now();
    const base = {
      id,
      created: old?.created ?? now,
      updated: now,
      rev: rev + 1,
      source: old?.source ?? { kind: 'new' as const },
      writers: withWriter(old?.writers, writer),
    };
    const meta = metaFor(text, base, old?.title ?? UNTITLED);
    await Promise.all([metas.put(meta), texts.put(text, id), tx.done]);
    return { kind: 'saved', meta };
  }

  /** Renames an entry: the document's own title when it is readable, else the entry's name. */
  async rename(id: string, title: string): Promise<EntryMeta | undefined> {
    const tx = this.db.transaction(STORES, 'readwrite');
    const [metas, texts] = [tx.objectStore('meta'), tx.objectStore('texts')];
    const [old, text] = await Promise.all([metas.get(id), texts.get(id)]);
    if (!old || text === undefined) return undefined;
    const res = parseDocument(text);
    const next = res.ok ? serializeDocument({ ...res.doc, title }) : text;
    const meta: EntryMeta = { ...old, title, rev: old.rev + 1, updated: Date.now(), writers: withWriter(old.writers, `rename:${newId()}`) };
    await Promise.all([metas.put(meta), texts.put(next, id), tx.done]);
    return meta;
  }

  /** A copy of an entry as a new entry, titled "… (copy)"; an unreadable text is copied as it is. */
  async duplicate(id: string): Promise<EntryMeta | undefined> {
    const entry = await this.get(id);
    if (!entry) return undefined;
    const title = `${entry.title} (copy)`;
    const res = parseDocument(entry.text);
    const text = res.ok ? serializeDocument({ ...res.doc, title }) : entry.text;
    return this.add(text, { kind: 'duplicate', of: id }, { title });
  }

  /** Deletes an entry and returns it whole, so `restore` can bring back exactly what it was. */
  async remove(id: string): Promise<Entry | undefined> {
    const tx = this.db.transaction(STORES, 'readwrite');
    const [metas, texts] = [tx.objectStore('meta'), tx.objectStore('texts')];
    const [meta, text] = await Promise.all([metas.get(id), texts.get(id)]);
    await Promise.all([metas.delete(id), texts.delete(id), tx.done]);
    return meta && text !== undefined ? { ...meta, text } : undefined;
  }

  /** Puts a removed entry back, unchanged: same id, dates, revision and text. */
  async restore(entry: Entry): Promise<void> {
    const { text, ...meta } = entry;
    const tx = this.db.transaction(STORES, 'readwrite');
    await Promise.all([tx.objectStore('meta').put(meta), tx.objectStore('texts').put(text, meta.id), tx.done]);
  }
}
