import { useSyncExternalStore } from 'react';
import { create } from 'zustand';

/** Below this width the side panels become drawers and the toolbar a menu (styles.css uses the same number). */
export const COMPACT_QUERY = '(max-width: 999px)';

export type PanelId = 'palette' | 'inspector' | 'menu';

interface LayoutState {
  /** The one drawer or menu open on a narrow screen; panels are always shown on a wide one. */
  readonly open: PanelId | null;
  /** The keyboard shortcuts sheet (`?`). */
  readonly shortcuts: boolean;
}

export const useLayout = create<LayoutState>()(() => ({ open: null, shortcuts: false }));

export const setShortcutsOpen = (shortcuts: boolean): void => useLayout.setState({ shortcuts });

/** What had focus when a panel opened, so closing it puts focus back there. */
let opener: HTMLElement | null = null;

export function openPanel(id: PanelId): void {
  if (useLayout.getState().open === null) opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  useLayout.setState({ open: id });
}

export function closePanel(): void {
  if (useLayout.getState().open === null) return;
  useLayout.setState({ open: null });
  const back = opener;
  opener = null;
  if (back?.isConnected) back.focus();
}

export const togglePanel = (id: PanelId): void => (useLayout.getState().open === id ? closePanel() : openPanel(id));

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
