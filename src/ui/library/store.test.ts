import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { parseDocument, serializeDocument } from '../../graph/load';
import { productDoc } from '../test-utils';
import { migrateLegacy } from './legacy';
import { Library } from './store';

const PRODUCT = serializeDocument(productDoc());
const UNREADABLE = '{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"a"}],"edges":[]}';

/** A Storage over a Map, like the browser's localStorage, for the migration. */
class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    this.map.set(k, String(v));
  }
}

let lib: Library;

beforeEach(async () => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
  lib = await Library.open();
});
afterEach(() => lib.close());

describe('the document library', () => {
  it('adds a document with its title, dates, node count and exact text', async () => {
    const meta = await lib.add(PRODUCT, { kind: 'file', name: 'product.json' }, { now: 1000 });
    expect(meta).toMatchObject({
      title: 'Product',
      created: 1000,
      updated: 1000,
      rev: 1,
      nodeCount: 3,
      problems: null,
      source: { kind: 'file', name: 'product.json' },
    });
    expect(meta.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await lib.get(meta.id))?.text).toBe(PRODUCT);
    expect(await lib.list()).toEqual([meta]);
  });

  it('lists the most recently changed first', async () => {
    const a = await lib.add(PRODUCT, { kind: 'new' }, { now: 1 });
    const b = await lib.add(PRODUCT, { kind: 'new' }, { now: 2 });
    expect((await lib.list()).map((m) => m.id)).toEqual([b.id, a.id]);
    await lib.save(a.id, PRODUCT.replace('"value": 3', '"value": 5'), a.rev, 'tab-a:1');
    expect((await lib.list()).map((m) => m.id)).toEqual([a.id, b.id]);
  });

  it('saves over the revision last seen, and refuses to overwrite another tab’s newer write', async () => {
    const a = await lib.add(PRODUCT, { kind: 'new' });
    const mine = serializeDocument({ ...productDoc(), title: 'Mine', nodes: productDoc().nodes.slice(0, 2), edges: [], output: undefined });
    const saved = await lib.save(a.id, mine, 1, 'tab-a:1');
    expect(saved).toMatchObject({ kind: 'saved', meta: { rev: 2, title: 'Mine', nodeCount: 2, writers: ['tab-a:1'] } });
    // A second tab that still believes revision 1 is current must not clobber revision 2.
    const theirs = serializeDocument({ ...productDoc(), title: 'Theirs' });
    expect(await lib.save(a.id, theirs, 1, 'tab-b:1')).toMatchObject({ kind: 'conflict', meta: { rev: 2, title: 'Mine' } });
    expect((await lib.get(a.id))?.text).toBe(mine);
    // The same text written twice (a save that landed before its tab heard back) is no conflict.
    expect(await lib.save(a.id, mine, 1, 'tab-a:1')).toMatchObject({ kind: 'saved', meta: { rev: 2 } });
  });

  it('writes back an entry deleted elsewhere rather than drop an edit', async () => {
    const a = await lib.add(PRODUCT, { kind: 'new' });
    await lib.remove(a.id);
    expect(await lib.save(a.id, PRODUCT, 1, 'tab-a:1')).toMatchObject({ kind: 'saved', meta: { id: a.id, rev: 2, title: 'Product' } });
    expect((await lib.get(a.id))?.text).toBe(PRODUCT);
  });

  it('renames: the document’s own title changes, nothing else', async () => {
    const a = await lib.add(PRODUCT, { kind: 'new' });
    const renamed = await lib.rename(a.id, 'Chain rule, week 3');
    expect(renamed).toMatchObject({ title: 'Chain rule, week 3', rev: 2, nodeCount: 3 });
    const res = parseDocument((await lib.get(a.id))?.text ?? '');
    expect(res.ok && res.doc).toEqual({ ...productDoc(), title: 'Chain rule, week 3' });
  });

  it('duplicates into a new entry titled “(copy)”, leaving the original as it was', async () => {
    const a = await lib.add(PRODUCT, { kind: 'new' });
    const copy = await lib.duplicate(a.id);
    expect(copy).toMatchObject({ title: 'Product (copy)', nodeCount: 3, rev: 1, source: { kind: 'duplicate', of: a.id } });
    expect(copy?.id).not.toBe(a.id);
    const res = parseDocument((await lib.get(copy?.id ?? ''))?.text ?? '');
    expect(res.ok && res.doc).toEqual({ ...productDoc(), title: 'Product (copy)' });
    expect((await lib.get(a.id))?.text).toBe(PRODUCT);
    expect(await lib.list()).toHaveLength(2);
  });

  it('deletes, and restores the exact entry', async () => {
    const a = await lib.add(PRODUCT, { kind: 'link' }, { now: 5 });
    await lib.rename(a.id, 'Renamed');
    const before = await lib.get(a.id);
    const removed = await lib.remove(a.id);
    expect(removed).toEqual(before);
    expect(await lib.list()).toEqual([]);
    expect(await lib.get(a.id)).toBeUndefined();
    if (!removed) throw new Error('removed');
    await lib.restore(removed);
    expect(await lib.get(a.id)).toEqual(before);
  });

  it('keeps an unreadable text whole, marked, with the reason', async () => {
    const bad = await lib.add(UNREADABLE, { kind: 'legacy', key: 'k' }, { title: 'Old autosave' });
    expect(bad).toMatchObject({ title: 'Old autosave', nodeCount: null });
    expect(bad.problems?.map((p) => p.path)).toContain('nodes[0].op');
    expect((await lib.get(bad.id))?.text).toBe(UNREADABLE);
    // Renaming and duplicating never touch the raw text.
    await lib.rename(bad.id, 'Broken, keep');
    const copy = await lib.duplicate(bad.id);
    expect((await lib.get(bad.id))?.text).toBe(UNREADABLE);
    expect(copy).toMatchObject({ title: 'Broken, keep (copy)', nodeCount: null });
    expect((await lib.get(copy?.id ?? ''))?.text).toBe(UNREADABLE);
    expect((await lib.get(bad.id))?.problems).toEqual(bad.problems);
  });

  it('is shared by every connection to the same database, as tabs are', async () => {
    const other = await Library.open();
    const a = await lib.add(PRODUCT, { kind: 'new' });
    expect((await other.list()).map((m) => m.id)).toEqual([a.id]);
    other.close();
  });
});

describe('moving the old localStorage autosave in', () => {
  const OWN = serializeDocument({ ...productDoc(), title: 'My own work' });

  it('adds each old document once, the autosave newest, and only then removes the old keys', async () => {
    const storage = new MemoryStorage();
    storage.setItem('backprop-studio.autosave', PRODUCT);
    storage.setItem('backprop-studio.before-link', OWN);
    storage.setItem('backprop-studio.autosave.unreadable', UNREADABLE);
    storage.setItem('backprop-studio.theme', 'dark');
    const added = await migrateLegacy(lib, storage);
    expect(added).toHaveLength(3);
    const list = await lib.list();
    expect(list.map((m) => [m.title, m.nodeCount, m.source])).toEqual([
      ['Product', 3, { kind: 'legacy', key: 'backprop-studio.autosave' }],
      ['My own work', 3, { kind: 'legacy', key: 'backprop-studio.before-link' }],
      ['Unreadable autosave', null, { kind: 'legacy', key: 'backprop-studio.autosave.unreadable' }],
    ]);
    expect((await lib.get(list[2].id))?.text).toBe(UNREADABLE);
    expect([
      storage.getItem('backprop-studio.autosave'),
      storage.getItem('backprop-studio.before-link'),
      storage.getItem('backprop-studio.autosave.unreadable'),
    ]).toEqual([null, null, null]);
    expect(storage.getItem('backprop-studio.theme')).toBe('dark');
    expect(await migrateLegacy(lib, storage)).toEqual([]);
    expect(await lib.list()).toHaveLength(3);
  });

  it('adds a text kept under two old keys once', async () => {
    const storage = new MemoryStorage();
    storage.setItem('backprop-studio.autosave', OWN);
    storage.setItem('backprop-studio.before-link', OWN);
    expect(await migrateLegacy(lib, storage)).toHaveLength(1);
    expect((await lib.list()).map((m) => m.title)).toEqual(['My own work']);
  });

  it('keeps the old keys when the library cannot be written, and does not add twice after a crash', async () => {
    const storage = new MemoryStorage();
    storage.setItem('backprop-studio.autosave', OWN);
    lib.close();
    await expect(migrateLegacy(lib, storage)).rejects.toThrow();
    expect(storage.getItem('backprop-studio.autosave')).toBe(OWN);
    lib = await Library.open();
    await lib.add(OWN, { kind: 'legacy', key: 'backprop-studio.autosave' });
    // The entry was written but the keys not yet removed (the tab closed in between).
    expect(await migrateLegacy(lib, storage)).toEqual([]);
    expect(await lib.list()).toHaveLength(1);
    expect(storage.getItem('backprop-studio.autosave')).toBeNull();
  });
});
