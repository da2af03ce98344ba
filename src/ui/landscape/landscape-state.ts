/** A coordinate as the landscape stores it: an input id, and an entry index for a tensor. */
export interface CoordRef {
  readonly id: string;
  readonly index: number | null;
}

export type Range = readonly [number, number];

/** The loss landscape's view: which two parameters are on the axes, the range shown, and the step the runs are drawn to. */
export interface LandscapeState {
  /** The document (its `opened` count) these settings were made for; a newly opened one starts afresh. */
  readonly opened: number;
  /** Null: the document's own choice (its `meta.landscape`, or its only two trainable scalars). */
  readonly pair: readonly [CoordRef, CoordRef] | null;
  /** Null: the document's own range, or one around the current values. */
  readonly x: Range | null;
  readonly y: Range | null;
  /** The step each trajectory is drawn to; null: the end of the longest run. */
  readonly step: number | null;
  readonly playing: boolean;
}

export const initialLandscape = (): LandscapeState => ({ opened: -1, pair: null, x: null, y: null, step: null, playing: false });
