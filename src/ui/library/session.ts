import { parseDocument, serializeDocument, type DocIssue } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { firstDocument } from '../examples';
import { documentToSave, editor, emptyDocument } from '../editor';
import { dropPending, keepPending, readPending, type Pending } from './journal';
import { migrateLegacy } from './legacy';
import { DB_NAME, Library, type Entry, type EntryMeta, type EntrySource } from './store';

/** The document this tab shows, kept across reloads of the tab (sessionStorage is per tab). */
export const CURRENT_KEY = 'backprop-studio.current';
/** The document last opened in any tab, for a new tab (localStorage is shared). */
export const LAST_OPEN_KEY = 'backprop-studio.last-open';
/** How long the autosave waits for typing to pause; leaving the page saves at once. */
export const AUTOSAVE_DELAY_MS = 250;
const CHANNEL = 'backprop-studio.library';

/** Where the session keeps its ids and its unsaved copy; tests pass their own. */
export interface LibraryEnv {
  readonly local?: Storage;
  readonly session?: Storage;
  readonly dbName?: string;
}

const browserEnv = (): LibraryEnv => ({ local: globalThis.localStorage, session: globalThis.sessionStorage });

/** The text without its viewport: two texts that differ only in where the canvas looked. */
function withoutView(text: string): string {
  try {
    const { view: _view, ...rest } = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return text;
  }
}

const sameContent = (a: string, b: string): boolean => withoutView(a) === withoutView(b);

export const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The start document of a first visit: P1, else an empty graph. */
const startDocument = (): GraphDocument => firstDocument() ?? emptyDocument();

/**
 * This tab's link between the editor and the library: which entry the editor shows, the revision
 * last written, and the pending autosave. Every library write goes through one queue, so a save
 * and a switch of document never interleave.
 */
export class Session {
  id: string | null = null;
  private rev = 0;
  /** The entry's text at that revision: what a clash with another tab is judged against. */
  private base = '';
  private pending = false;
  /** The last write not yet confirmed, for the unsaved copy if the page goes away. */
  private unconfirmed: { text: string; writer: string } | null = null;
  /** The name of the next save, when the unsaved copy was kept before it started. */
  private nextWriter: string | null = null;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  readonly tab = globalThis.crypto.randomUUID();
  private closed = false;

  constructor(
    readonly lib: Library,
    readonly env: LibraryEnv,
  ) {}

  /** Ends this session as a page that goes away does: whatever is pending is not written. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.lib.close();
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The editor's document changed: save once typing pauses. */
  touch(): void {
    if (this.closed) return;
    this.pending = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }

  flush(): Promise<void> {
    return this.run(() => this.writePending());
  }

  private newWriter(): string {
    return `${this.tab}:${++this.seq}`;
  }

  /** The page is going away: keep a synchronous copy of anything not yet confirmed, then save. */
  hide(): void {
    if (this.closed || this.id === null) return;
    const kept = this.pending
      ? { text: serializeDocument(documentToSave(editor.state.doc)), writer: (this.nextWriter ??= this.newWriter()) }
      : this.unconfirmed;
    if (kept) keepPending(this.env.local, this.tab, { id: this.id, rev: this.rev, ...kept });
    void this.flush();
  }

  /** Writes the editor's document into its entry; called only from the queue. */
  async writePending(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.pending || this.id === null || this.closed) return;
    this.pending = false;
    const id = this.id;
    const text = serializeDocument(documentToSave(editor.state.doc));
    const writer = this.nextWriter ?? this.newWriter();
    this.nextWriter = null;
    this.unconfirmed = { text, writer };
    try {
      await this.save(id, text, writer);
      dropPending(this.env.local, this.tab, text);
      this.unconfirmed = null;
      await this.changed();
    } catch (e) {
      this.pending = true;
      editor.notify(
        `Your latest change could not be saved in this browser (${reason(e)}); it is still open here, and the next change tries again.`,
        'error',
      );
    }
  }

  /**
   * Writes over the revision last seen. When another tab wrote meanwhile, a change of view alone
   * (a tab that only looked and fitted the canvas) gives way; any other clash forks.
   */
  private async save(id: string, text: string, writer: string): Promise<void> {
    const res = await this.lib.save(id, text, this.rev, writer);
    if (res.kind === 'saved') return this.saved(res.meta, text);
    const theirs = await this.lib.get(id);
    if (theirs && sameContent(theirs.text, this.base)) {
      const again = await this.lib.save(id, text, theirs.rev, writer);
      if (again.kind === 'saved') return this.saved(again.meta, text);
    }
    // Only this tab's view changed: theirs stands, and this tab's next edit will fork.
    if (theirs && sameContent(text, this.base)) return;
    await this.fork(id, text, res.meta);
  }

  private saved(meta: EntryMeta, text: string): void {
    this.rev = meta.rev;
    this.base = text;
  }

  /** Another tab wrote this entry meanwhile: this tab's version becomes an entry of its own. */
  private async fork(id: string, text: string, theirs: EntryMeta): Promise<void> {
    const meta = await this.lib.add(text, { kind: 'conflict', of: id });
    this.use(meta, text);
    editor.notify(
      `“${theirs.title}” was changed in another tab at the same time. This tab’s version is kept as a separate document in My documents; the other tab’s is unchanged.`,
    );
  }

  private use(meta: EntryMeta, text: string): void {
    this.id = meta.id;
    this.rev = meta.rev;
    this.base = text;
    try {
      this.env.session?.setItem(CURRENT_KEY, meta.id);
      this.env.local?.setItem(LAST_OPEN_KEY, meta.id);
    } catch {
      // Without storage a reload starts from the most recent document, which is still kept.
    }
    editor.set('library', { currentId: meta.id });
  }

  /** Shows an entry's document in the editor, with a history of its own. */
  show(meta: EntryMeta, text: string, doc: GraphDocument): void {
    this.use(meta, text);
    editor.open(doc);
    editor.requestView(doc.view ?? null);
    // Showing a document is not an edit of it.
    this.pending = false;
    clearTimeout(this.timer);
  }

  /** Re-reads the list, and tells other tabs to do the same. */
  async changed(): Promise<void> {
    editor.set('library', { entries: await this.lib.list() });
    // A sender of its own: a tab opening a link writes before its listener is set up.
    if (typeof BroadcastChannel === 'undefined') return;
    const sender = new BroadcastChannel(CHANNEL);
    sender.postMessage('changed');
    sender.close();
  }
}

const writerTab = (writer: string): string => writer.slice(0, writer.lastIndexOf(':'));
const writerSeq = (writer: string): number => Number(writer.slice(writer.lastIndexOf(':') + 1));

/** Whether a kept copy's save landed: it, or a later save of the same page, is recorded. */
const landed = (meta: EntryMeta, p: Pending): boolean =>
  meta.writers.some((w) => writerTab(w) === writerTab(p.writer) && writerSeq(w) >= writerSeq(p.writer));

/**
 * Writes the copies kept by pages that went away before their last save landed. A copy whose
 * save did land, or whose document was deleted since, is dropped; one that another tab's write
 * has overtaken is kept as a document of its own.
 */
async function replayPending(s: Session): Promise<void> {
  for (const { key, pending } of readPending(s.env.local)) {
    const entry = await s.lib.get(pending.id);
    if (entry && !landed(entry, pending)) {
      const nobodyElse = entry.rev === pending.rev || writerTab(entry.writers.at(-1) ?? '') === writerTab(pending.writer);
      const res = nobodyElse ? await s.lib.save(pending.id, pending.text, entry.rev, pending.writer) : null;
      if (res?.kind !== 'saved') await s.lib.add(pending.text, { kind: 'conflict', of: pending.id });
    }
    s.env.local?.removeItem(key);
  }
}

/** Adds a document as a new entry and shows it. */
export async function showNew(s: Session, doc: GraphDocument, source: EntrySource): Promise<EntryMeta> {
  const text = serializeDocument(doc);
  const meta = await s.lib.add(text, source);
  s.show(meta, text, doc);
  return meta;
}

/** Reads an entry as a document; an unreadable one is reported and stays in the library. */
export async function readEntry(
  s: Session,
  id: string,
): Promise<{ entry: Entry; doc: GraphDocument } | { entry: Entry; issues: DocIssue[] } | null> {
  const entry = await s.lib.get(id);
  if (!entry) return null;
  const res = parseDocument(entry.text);
  return res.ok ? { entry, doc: res.doc } : { entry, issues: res.issues };
}

export const unreadableNotice = (title: string, issues: readonly DocIssue[]) =>
  editor.notify(
    `“${title}” could not be read, so it is not open; it stays in My documents, marked unreadable, where you can download it.`,
    'error',
    issues,
  );

/** Opens what this tab showed before a reload, else the last document opened, else the newest, else P1 as a new entry. */
async function openAtStart(s: Session, migrated: readonly string[]): Promise<void> {
  const remembered = [s.env.session?.getItem(CURRENT_KEY), s.env.local?.getItem(LAST_OPEN_KEY)];
  const wanted = [...remembered, ...(await s.lib.list()).map((m) => m.id)];
  for (const id of wanted) {
    const got = id ? await readEntry(s, id) : null;
    if (got && 'doc' in got) {
      s.show(got.entry, got.entry.text, got.doc);
      break;
    }
    if (got && remembered.includes(id) && !migrated.includes(got.entry.id)) unreadableNotice(got.entry.title, got.issues);
  }
  if (s.id === null) await showNew(s, startDocument(), { kind: 'start' });
  for (const id of migrated) {
    const got = await readEntry(s, id);
    if (got && 'issues' in got) unreadableNotice(got.entry.title, got.issues);
  }
}

/**
 * Opens the library at start-up: moves the old localStorage documents in, writes any copy a page
 * left unsaved, and shows this tab's document. Without IndexedDB the editor still works (P1), and
 * says that nothing will be kept.
 */
export async function startLibrary(env: LibraryEnv = browserEnv()): Promise<void> {
  editor.session?.close();
  editor.session = null;
  editor.set('library', { entries: [], currentId: null, unavailable: null });
  let s: Session | null = null;
  try {
    s = new Session(await Library.open(env.dbName ?? DB_NAME), env);
    let migrated: string[] = [];
    try {
      migrated = await migrateLegacy(s.lib, env.local);
    } catch (e) {
      editor.notify(
        `Your earlier autosaved work could not be moved into My documents (${reason(e)}); it is still kept in this browser’s localStorage.`,
        'error',
      );
    }
    // Copies that fail to be written stay in localStorage for the next start.
    await replayPending(s);
    await openAtStart(s, migrated);
    editor.set('library', { entries: await s.lib.list() });
    editor.session = s;
  } catch (e) {
    s?.close();
    editor.open(startDocument());
    editor.set('library', { unavailable: reason(e) });
    editor.notify(
      `This browser does not let Backprop Studio keep your documents (${reason(e)}). Use “Save as JSON” to keep your work.`,
      'error',
    );
  }
}

/**
 * Starts saving the editor's document into its entry: after every change (a burst of keystrokes
 * is written once, when it pauses) and at once when the page is hidden or unloaded. Other tabs'
 * changes refresh the list. Returns the function that stops it, flushing what is pending.
 */
export function startAutosave(): () => void {
  const s = editor.session;
  if (!s) return () => undefined;
  const stop = editor.subscribe(({ doc }, { doc: prev }) => {
    if (doc.present !== prev.present || doc.viewport !== prev.viewport) s.touch();
  });
  const onHide = () => document.visibilityState === 'hidden' && s.hide();
  const onPageHide = () => s.hide();
  window.addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onHide);
  const others = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  if (others) others.onmessage = () => void refreshLibrary();
  return () => {
    stop();
    void s.flush();
    window.removeEventListener('pagehide', onPageHide);
    document.removeEventListener('visibilitychange', onHide);
    others?.close();
  };
}

/** Saves what is pending now; resolves when the library holds it. */
export const flushAutosave = (): Promise<void> => editor.session?.flush() ?? Promise.resolve();

/** The entry this tab shows, with the title it has now. */
export function currentEntry(): { id: string; title: string } | null {
  return editor.session?.id ? { id: editor.session.id, title: editor.state.doc.present.title ?? 'Untitled graph' } : null;
}

/** Re-reads the list (when the panel opens). */
export async function refreshLibrary(): Promise<void> {
  if (editor.session) editor.set('library', { entries: await editor.session.lib.list() });
}
