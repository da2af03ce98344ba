import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors';
import type { DataSet } from '../graph/optim/data';
import { decodeDataFile } from '../graph/optim/data-file';

/** The data sets a document can name as `training.data.source`, each a file in public/data (the editor fetches the same). */
export const DATA_SETS = ['digits'] as const;

export function loadDataSet(name: string): DataSet {
  if (!(DATA_SETS as readonly string[]).includes(name))
    throw new CliError(`unknown data set "${name}" (the data sets are ${DATA_SETS.map((d) => `"${d}"`).join(', ')})`);
  const path = fileURLToPath(new URL(`../../public/data/${name}.bin`, import.meta.url));
  try {
    return decodeDataFile(readFileSync(path));
  } catch (e) {
    throw new CliError(`cannot read the data set "${name}" from ${path}: ${(e as Error).message}`);
  }
}
