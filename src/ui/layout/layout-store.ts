import { useSyncExternalStore } from 'react';

/** Below this width the side panels become drawers and the toolbar a menu (styles.css uses the same number). */
export const COMPACT_QUERY = '(max-width: 999px)';

export type PanelId = 'palette' | 'inspector' | 'menu';

/** The full value of an edge label a finger tapped (a mouse reads it from the label's tooltip). */
export interface LabelTip {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

export interface LayoutState {
  /** The one drawer or menu open on a narrow screen; panels are always shown on a wide one. */
  readonly open: PanelId | null;
  /** The keyboard shortcuts sheet (`?`). */
  readonly shortcuts: boolean;
  /** What had focus when a panel opened, so closing it puts focus back there. */
  readonly opener: HTMLElement | null;
  /** An edge label's full value, shown after a tap. */
  readonly tip: LabelTip | null;
}

export const initialLayout = (): LayoutState => ({ open: null, shortcuts: false, opener: null, tip: null });

const query = () => globalThis.matchMedia?.(COMPACT_QUERY);

function subscribe(onChange: () => void): () => void {
  const q = query();
  q?.addEventListener('change', onChange);
  return () => q?.removeEventListener('change', onChange);
}

/** Whether the window is narrow enough for the drawer layout. */
export const isCompact = (): boolean => query()?.matches ?? false;

export function useCompact(): boolean {
  return useSyncExternalStore(subscribe, isCompact, () => false);
}
