import { create } from 'zustand';
import { loadExact, type ExactEngine } from '../../exact';

export type TensorSide = 'value' | 'grad';

/** View state of the explanation panel. */
export interface ExplainState {
  readonly open: boolean;
  /** The exact engine, once loaded: explanations then show closed forms ("-6 ln 2"). */
  readonly exact: ExactEngine | null;
  readonly exactState: 'idle' | 'loading' | 'ready' | 'failed';
  /** A tensor opened from a node's heatmap, shown as a grid of numbers. */
  readonly inspect: { readonly nodeId: string; readonly side: TensorSide } | null;
  /** The cell picked in a tensor step's picture, for the picture it was picked in. */
  readonly cell: { readonly key: string; readonly index: number } | null;
  /** The panel's height in pixels once the learner has resized it; null for the default. */
  readonly height: number | null;
}

export const useExplain = create<ExplainState>()(() => ({
  open: false,
  exact: null,
  exactState: 'idle',
  inspect: null,
  cell: null,
  height: null,
}));

/** Loads mathjs and the exact engine, once; until it is in, explanations show decimals. */
export function ensureExact(): void {
  if (useExplain.getState().exactState !== 'idle') return;
  useExplain.setState({ exactState: 'loading' });
  loadExact().then(
    (exact) => useExplain.setState({ exact, exactState: 'ready' }),
    () => useExplain.setState({ exactState: 'failed' }),
  );
}

export function setExplainOpen(open: boolean): void {
  useExplain.setState({ open });
  if (open) ensureExact();
}

/** Opens a node's value or gradient as a grid of numbers in the panel. */
export function inspectTensor(nodeId: string, side: TensorSide): void {
  useExplain.setState({ inspect: { nodeId, side } });
  setExplainOpen(true);
}

export const pickCell = (key: string, index: number): void => useExplain.setState({ cell: { key, index } });

/** The cell picked in picture `key`, else the given default. */
export const cellIn = (cell: ExplainState['cell'], key: string, fallback: number): number => (cell?.key === key ? cell.index : fallback);

/** The panel's height, kept between 120 pixels and three quarters of the window. */
export const setExplainHeight = (px: number): void =>
  useExplain.setState({ height: Math.round(Math.max(120, Math.min(px, window.innerHeight * 0.75))) });
