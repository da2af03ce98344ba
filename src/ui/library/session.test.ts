// @vitest-environment jsdom
import { serializeDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { firstDocument } from '../examples';
import { productDoc } from '../test-utils';
import { deleteEntry, openAsNew } from './documents';
import { CURRENT_KEY, flushAutosave, startAutosave, startLibrary } from './session';
import { addEntry, allEntries, docOf, freshBrowser, withLibrary } from './test-library';
import { editor } from '../editor';

const OWN = serializeDocument(productDoc());
const withA = (value: number): GraphDocument => ({
  ...productDoc(),
  nodes: productDoc().nodes.map((n) => (n.id === 'a' ? { ...n, value } : n)),
});
const editA = (value: number) => editor.commit('Value', (d) => void (d.nodes[0].value = value));
const notice = () => editor.state.ui.notice;

let stop: () => void = () => undefined;

beforeEach(() => {
  freshBrowser();
  editor.reset(productDoc());
});
afterEach(async () => {
  stop();
  await flushAutosave();
});

async function start(): Promise<void> {
  await startLibrary();
  stop = startAutosave();
}

describe('the open document and the library', () => {
  it('a first visit shows P1, kept as an entry of its own', async () => {
    await start();
    expect(editor.state.doc.present).toEqual(firstDocument());
    const entries = await allEntries();
    expect(entries.map((e) => [e.title, e.nodeCount, e.source])).toEqual([[firstDocument()?.title, 7, { kind: 'start' }]]);
    expect(sessionStorage.getItem(CURRENT_KEY)).toBe(entries[0].id);
  });

  it('a reload right after an edit keeps it: the copy kept when the page went away is written at the next start', async () => {
    const own = await addEntry(OWN);
    sessionStorage.setItem(CURRENT_KEY, own.id);
    await start();
    editA(11);
    // The page goes away before the autosave's pause is over: only the kept copy has the edit.
    window.dispatchEvent(new Event('pagehide'));
    const oldPage = stop;
    editor.reset(productDoc());
    await start();
    oldPage();
    expect(editor.state.doc.present).toEqual(withA(11));
    const entries = await allEntries();
    expect(entries).toHaveLength(1);
    expect(docOf(entries[0])).toEqual(withA(11));
    expect(Object.keys(localStorage).filter((k) => k.startsWith('backprop-studio.unsaved.'))).toEqual([]);
  });

  it('a kept copy based on a revision another tab has since replaced becomes a document of its own', async () => {
    const own = await addEntry(OWN);
    await withLibrary((lib) => lib.save(own.id, serializeDocument(withA(20)), 1, 'other-tab:1'));
    localStorage.setItem(
      'backprop-studio.unsaved.gone-tab',
      JSON.stringify({ id: own.id, rev: 1, text: serializeDocument(withA(30)), writer: 'gone-tab:1' }),
    );
    await start();
    const entries = await allEntries();
    expect(entries.map((e) => [docOf(e).nodes[0].value, e.source.kind]).sort()).toEqual([
      [20, 'new'],
      [30, 'conflict'],
    ]);
  });

  it('a kept copy whose save did land, or whose document was deleted since, changes nothing', async () => {
    const own = await addEntry(OWN);
    const gone = await addEntry(serializeDocument({ ...productDoc(), title: 'Deleted later' }));
    // The page's save landed, then it closed before it could drop its copy; another tab edited since.
    await withLibrary((lib) => lib.save(own.id, serializeDocument(withA(40)), 1, 'gone-tab:3'));
    await withLibrary((lib) => lib.save(own.id, serializeDocument(withA(41)), 2, 'other-tab:1'));
    localStorage.setItem(
      'backprop-studio.unsaved.gone-tab',
      JSON.stringify({ id: own.id, rev: 1, text: serializeDocument(withA(40)), writer: 'gone-tab:3' }),
    );
    await withLibrary((lib) => lib.remove(gone.id));
    localStorage.setItem(
      'backprop-studio.unsaved.closed-tab',
      JSON.stringify({ id: gone.id, rev: 1, text: serializeDocument(withA(50)), writer: 'closed-tab:1' }),
    );
    await start();
    const entries = await allEntries();
    expect(entries.map((e) => docOf(e).nodes[0].value)).toEqual([41]);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('backprop-studio.unsaved.'))).toEqual([]);
  });

  it('a kept copy overtaken only by its own page’s earlier save is written, not forked', async () => {
    const own = await addEntry(OWN);
    // Save 1 landed (revision 2); save 2 was cut short; the copy was based on revision 1.
    await withLibrary((lib) => lib.save(own.id, serializeDocument(withA(60)), 1, 'gone-tab:1'));
    localStorage.setItem(
      'backprop-studio.unsaved.gone-tab',
      JSON.stringify({ id: own.id, rev: 1, text: serializeDocument(withA(61)), writer: 'gone-tab:2' }),
    );
    await start();
    const entries = await allEntries();
    expect(entries.map((e) => docOf(e).nodes[0].value)).toEqual([61]);
  });

  it('two tabs on one document never overwrite each other: the second writer’s version is kept apart', async () => {
    const own = await addEntry(OWN);
    sessionStorage.setItem(CURRENT_KEY, own.id);
    await start();
    // Another tab saves first.
    await withLibrary((lib) => lib.save(own.id, serializeDocument({ ...withA(5), title: 'Theirs' }), 1, 'other-tab:1'));
    editA(6);
    await flushAutosave();
    const entries = await allEntries();
    expect(entries).toHaveLength(2);
    const theirs = entries.find((e) => e.id === own.id);
    const mine = entries.find((e) => e.id !== own.id);
    expect(docOf(theirs)).toEqual({ ...withA(5), title: 'Theirs' });
    expect(docOf(mine)).toEqual(withA(6));
    expect(mine?.source).toEqual({ kind: 'conflict', of: own.id });
    expect(editor.state.library.currentId).toBe(mine?.id);
    expect(notice()?.text).toBe(
      '“Theirs” was changed in another tab at the same time. This tab’s version is kept as a separate document in My documents; the other tab’s is unchanged.',
    );
    // Later edits go on into this tab's own entry.
    editA(7);
    await flushAutosave();
    expect(docOf((await allEntries()).find((e) => e.id === mine?.id))).toEqual(withA(7));
    expect(docOf((await allEntries()).find((e) => e.id === own.id)).nodes[0].value).toBe(5);
  });

  it('a tab that only looked (its view changed) never forks: the other tab’s edit wins over a view, and an edit wins over a view', async () => {
    const own = await addEntry(OWN);
    sessionStorage.setItem(CURRENT_KEY, own.id);
    await start();
    // The other tab only fitted its canvas: this tab's edit is written over it, with no copy made.
    await withLibrary((lib) => lib.save(own.id, serializeDocument({ ...productDoc(), view: { x: 1, y: 2, zoom: 0.5 } }), 1, 'other-tab:1'));
    editA(12);
    await flushAutosave();
    let entries = await allEntries();
    expect(entries).toHaveLength(1);
    expect(docOf(entries[0])).toEqual(withA(12));
    expect(entries[0].rev).toBe(3);
    // Now the other tab edits, and this tab only moves its view: the edit stands, no copy made ...
    await withLibrary((lib) => lib.save(own.id, serializeDocument(withA(13)), 3, 'other-tab:3'));
    editor.setViewport({ x: 5, y: 5, zoom: 2 });
    await flushAutosave();
    entries = await allEntries();
    expect(entries).toHaveLength(1);
    expect(docOf(entries[0])).toEqual(withA(13));
    // ... and this tab's next real edit is kept apart rather than overwrite it.
    editA(14);
    await flushAutosave();
    entries = await allEntries();
    expect(entries.map((e) => docOf(e).nodes[0].value).sort()).toEqual([13, 14]);
  });

  it('deleting the open document switches to the next; Undo restores the exact entry and reopens it', async () => {
    const older = await addEntry(serializeDocument({ ...productDoc(), title: 'Older' }));
    const own = await addEntry(OWN);
    sessionStorage.setItem(CURRENT_KEY, own.id);
    await start();
    editA(8);
    await deleteEntry(own.id);
    expect(editor.state.doc.present.title).toBe('Older');
    expect(editor.state.library.currentId).toBe(older.id);
    expect((await allEntries()).map((e) => e.id)).toEqual([older.id]);
    const n = notice();
    expect(n?.text).toBe('Deleted “Product”.');
    expect(n?.action?.label).toBe('Undo');
    n?.action?.run();
    await vi.waitFor(() => expect(editor.state.library.currentId).toBe(own.id));
    // The pending edit was saved before the delete, so Undo brings back the latest state.
    expect(editor.state.doc.present).toEqual(withA(8));
    expect((await allEntries()).map((e) => e.id).sort()).toEqual([older.id, own.id].sort());
  });

  it('a remembered document that cannot be read is reported and kept; the newest readable one opens', async () => {
    const readable = await addEntry(OWN);
    const bad = await addEntry('{"format":"backprop-studio.graph"', { kind: 'file', name: 'half.json' });
    sessionStorage.setItem(CURRENT_KEY, bad.id);
    await start();
    expect(editor.state.library.currentId).toBe(readable.id);
    expect(notice()).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('could not be read, so it is not open; it stays in My documents, marked unreadable'),
    });
    expect((await allEntries()).find((e) => e.id === bad.id)?.text).toBe('{"format":"backprop-studio.graph"');
  });

  it('without IndexedDB the editor still opens, says nothing will be kept, and opening replaces as one undoable step', async () => {
    Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true, writable: true });
    await start();
    expect(editor.state.doc.present).toEqual(firstDocument());
    expect(notice()).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('This browser does not let Backprop Studio keep your documents'),
    });
    expect(editor.state.library.unavailable).not.toBeNull();
    expect(await openAsNew(productDoc(), { kind: 'link' })).toBeNull();
    expect(editor.state.doc.present).toEqual(productDoc());
    editor.undo();
    expect(editor.state.doc.present).toEqual(firstDocument());
  });
});
