import type { Page } from 'playwright-core';

/** One entry of My documents as the page's IndexedDB holds it. */
export interface StoredEntry {
  readonly id: string;
  readonly title: string;
  readonly rev: number;
  readonly source: { kind: string };
  readonly problems: unknown;
  readonly text: string;
}

/**
 * Every entry of the library, read straight from the browser's IndexedDB (not through the app),
 * most recently changed first. An absent database is reported as no entries, and is not created.
 */
export const libraryEntries = (page: Page): Promise<StoredEntry[]> =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'backprop-studio')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('backprop-studio');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['meta', 'texts']);
    const all = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const metas = await all(tx.objectStore('meta').getAll() as IDBRequest<(Omit<StoredEntry, 'text'> & { updated: number })[]>);
    const texts = await Promise.all(metas.map((m) => all(tx.objectStore('texts').get(m.id) as IDBRequest<string>)));
    db.close();
    return metas.map((m, i) => ({ ...m, text: texts[i] })).sort((a, b) => b.updated - a.updated);
  });

/** A document's nodes as [id, op, value], for comparing exact contents. */
export const nodesOf = (text: string): [string, string, unknown][] =>
  (JSON.parse(text) as { nodes: { id: string; op: string; value?: unknown }[] }).nodes.map((n) => [n.id, n.op, n.value ?? null]);
