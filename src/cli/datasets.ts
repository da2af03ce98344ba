import { CliError } from './errors';
import type { DataSet } from '../graph/optim/data';

/** The data sets a document can name as `training.data.source`, read from public/data. */
export function loadDataSet(name: string): DataSet {
  throw new CliError(`unknown data set "${name}"`);
}
