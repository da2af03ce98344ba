import type { DataSet } from '../../graph/optim/data';
import { decodeDataFile } from '../../graph/optim/data-file';

const cache = new Map<string, Promise<DataSet>>();

/** A shipped data set (public/data/<name>.bin), fetched the first time a run needs it. */
export function fetchDataSet(name: string): Promise<DataSet> {
  let p = cache.get(name);
  if (!p) {
    p = fetch(`${import.meta.env.BASE_URL}data/${encodeURIComponent(name)}.bin`)
      .then((r) => {
        if (!r.ok) throw new Error(`the data set "${name}" could not be loaded (HTTP ${r.status})`);
        return r.arrayBuffer();
      })
      .then((b) => decodeDataFile(new Uint8Array(b)));
    p.catch(() => cache.delete(name));
    cache.set(name, p);
  }
  return p;
}
