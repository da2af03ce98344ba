import { gridOf, Surface, type Coord, type Grid } from '../../graph/optim/landscape';
import type { GraphDocument } from '../../graph/schema';
import type { Numbered } from '../worker/runner';
import type { Range } from './landscape-state';

/** A landscape grid to compute in the worker: the document compiled there once, then one evaluation per point. */
export interface GridRequest extends Numbered {
  readonly doc: GraphDocument;
  readonly pair: readonly [Coord, Coord];
  readonly x: Range;
  readonly y: Range;
  readonly side: number;
}

export type GridReply = Numbered & ({ readonly ok: true; readonly grid: Grid } | { readonly ok: false; readonly message: string });

export function answerGrid(r: GridRequest): GridReply {
  try {
    return { generation: r.generation, ok: true, grid: gridOf(new Surface(r.doc, r.pair), r.x, r.y, r.side, r.side) };
  } catch (e) {
    return { generation: r.generation, ok: false, message: (e as Error).message };
  }
}
