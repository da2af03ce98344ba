import { loadExact, type ExactEngine } from '../../exact';
import type { Editor } from '../editor/Editor';

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

export const initialExplain = (): ExplainState => ({
  open: false,
  exact: null,
  exactState: 'idle',
  inspect: null,
  cell: null,
  height: null,
});

/** The cell picked in picture `key`, else the given default. */
export const cellIn = (cell: ExplainState['cell'], key: string, fallback: number): number => (cell?.key === key ? cell.index : fallback);

/** The explanation panel's actions. */
export class Explain {
  constructor(private readonly editor: Editor) {}

  /** Loads mathjs and the exact engine, once; until it is in, explanations show decimals. */
  ensureExact(): void {
    if (this.editor.state.explain.exactState !== 'idle') return;
    this.editor.set('explain', { exactState: 'loading' });
    loadExact().then(
      (exact) => this.editor.set('explain', { exact, exactState: 'ready' }),
      () => this.editor.set('explain', { exactState: 'failed' }),
    );
  }

  setOpen(open: boolean): void {
    this.editor.set('explain', { open });
    if (open) this.ensureExact();
  }

  /** Opens a node's value or gradient as a grid of numbers in the panel. */
  inspectTensor(nodeId: string, side: TensorSide): void {
    this.editor.set('explain', { inspect: { nodeId, side } });
    this.setOpen(true);
  }

  pickCell(key: string, index: number): void {
    this.editor.set('explain', { cell: { key, index } });
  }

  /** The panel's height, kept between 120 pixels and three quarters of the window. */
  /** Sets the panel's height, at least 120 px and at most `max` (the room the canvas and playback bar leave). */
  setHeight(px: number, max = window.innerHeight * 0.75): void {
    this.editor.set('explain', { height: Math.round(Math.max(120, Math.min(px, max))) });
  }
}
