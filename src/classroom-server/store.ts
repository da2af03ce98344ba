import { Database } from '@hocuspocus/extension-database';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Persistence on the database extension's fetch/store hooks: each document's whole state as one
 * Yjs update file, written through a temporary file and a rename. Pure JS on purpose: the SQLite
 * drivers need a native build that new machines here cannot download (see the engine commit).
 */
export function fileStore(dir: string): Database {
  const file = (name: string) => join(dir, `${encodeURIComponent(name)}.yjs`);
  return new Database({
    fetch: async ({ documentName }) => {
      try {
        return new Uint8Array(await readFile(file(documentName)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    store: async ({ documentName, state }) => {
      await mkdir(dir, { recursive: true });
      const tmp = `${file(documentName)}.tmp`;
      await writeFile(tmp, state);
      await rename(tmp, file(documentName));
    },
  });
}
