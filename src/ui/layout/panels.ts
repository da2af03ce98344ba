import { editor } from '../editor';
import type { PanelId } from './layout-store';

export const setShortcutsOpen = (shortcuts: boolean): void => editor.set('layout', { shortcuts });

export function openPanel(id: PanelId): void {
  const { open, opener } = editor.state.layout;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  editor.set('layout', { open: id, opener: open === null ? focused : opener });
}

export function closePanel(): void {
  const { open, opener } = editor.state.layout;
  if (open === null) return;
  editor.set('layout', { open: null, opener: null });
  if (opener?.isConnected) opener.focus();
}

export const togglePanel = (id: PanelId): void => (editor.state.layout.open === id ? closePanel() : openPanel(id));
