import type { Viewport } from '@xyflow/react';
import type { DocIssue } from '../../graph/load';
import type { FlopConvention } from '../../graph/summary';

export type Theme = 'light' | 'dark';

export interface Notice {
  readonly id: number;
  readonly kind: 'info' | 'error';
  readonly text: string;
  /** JSON paths and reasons, for a document that could not be read. */
  readonly issues?: readonly DocIssue[];
  /** One thing to do about it, such as Undo. */
  readonly action?: NoticeAction;
}

export interface NoticeAction {
  readonly label: string;
  run(): void;
}

export interface ScreenPoint {
  readonly x: number;
  readonly y: number;
}

/** View state that is neither document nor canvas: messages, theme, open dialogs and menus. */
export interface UiState {
  readonly notice: Notice | null;
  readonly theme: Theme;
  readonly galleryOpen: boolean;
  /** The start screen a first visit opens on. */
  readonly welcomeOpen: boolean;
  /** The quick-add search, open at a screen point. */
  readonly quickAdd: ScreenPoint | null;
  /** A node's context menu, open at a screen point. */
  readonly menu: (ScreenPoint & { readonly nodeId: string }) | null;
  /** Asks the canvas to show a viewport, or to fit the view when null (after opening a document). */
  readonly viewRequest: { readonly seq: number; readonly view: Viewport | null };
  /** FLOPs as multiply-adds (the exams) or as 2 × MACs. */
  readonly flops: FlopConvention;
}

export const THEME_KEY = 'backprop-studio.theme';

function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const FLOPS_KEY = 'backprop-studio.flops';

const initialFlops = (): FlopConvention => (globalThis.localStorage?.getItem(FLOPS_KEY) === '2macs' ? '2macs' : 'macs');

export const initialUi = (): UiState => ({
  notice: null,
  theme: initialTheme(),
  galleryOpen: false,
  welcomeOpen: false,
  quickAdd: null,
  menu: null,
  viewRequest: { seq: 0, view: null },
  flops: initialFlops(),
});
