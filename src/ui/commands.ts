import type { XYPosition } from '@xyflow/react';
import { downloadDocument, downloadFixture, newDocument } from './files';
import { setShortcutsOpen } from './layout/panels';
import { copyShareLink } from './share/link';
import { openMakeFunction } from './functions/make';
import { startClassSession } from './classroom/actions';
import type { IconName } from './icons';
import { editor, type EditorState } from './editor';

/** What commands need from the mounted editor: the canvas and the file picker. */
export interface CommandContext {
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  autoLayout(): void;
  /** A screen point for the quick-add search: the pointer when over the canvas, else its centre. */
  quickAddPoint(): XYPosition;
  pickFile(): void;
}

export interface Command {
  readonly id: string;
  readonly label: string;
  /** Shortcuts: "mod" is Ctrl, or Cmd on a Mac. */
  readonly keys?: readonly string[];
  readonly icon?: IconName;
  /** Text beside the icon in the toolbar, where the icon alone is not enough. */
  readonly short?: string;
  /** Where the toolbar shows it, if it does. */
  readonly group?: 'file' | 'edit' | 'view';
  readonly enabled?: (s: EditorState) => boolean;
  run(ctx: CommandContext): void;
}

const hasSelection = (s: EditorState) => s.doc.selectedNodes.length + s.doc.selectedEdges.length > 0;

/** Every command, declared once: the keyboard, the toolbar and the menus read this list. */
export const COMMANDS: readonly Command[] = [
  { id: 'new', label: 'New graph', short: 'New', icon: 'new', group: 'file', run: () => void newDocument() },
  {
    id: 'library',
    label: 'My documents',
    short: 'Documents',
    keys: ['shift+d'],
    icon: 'library',
    group: 'file',
    run: () => editor.set('library', { panelOpen: true }),
  },
  { id: 'open', label: 'Open file…', short: 'Open', keys: ['mod+o'], icon: 'open', group: 'file', run: (ctx) => ctx.pickFile() },
  { id: 'save', label: 'Save as JSON', short: 'Save', keys: ['mod+s'], icon: 'save', group: 'file', run: downloadDocument },
  { id: 'save-fixture', label: 'Save as fixture', keys: ['mod+shift+s'], icon: 'fixture', group: 'file', run: downloadFixture },
  {
    id: 'examples',
    label: 'Examples',
    short: 'Examples',
    keys: ['mod+e'],
    icon: 'examples',
    group: 'file',
    run: () => editor.set('ui', { galleryOpen: true }),
  },
  { id: 'exam', label: 'Exam sheet', short: 'Exam', keys: ['shift+e'], icon: 'exam', group: 'file', run: () => editor.exam.open() },
  { id: 'class-session', label: 'Start class session', keys: ['shift+k'], run: () => void startClassSession() },
  {
    id: 'share',
    label: 'Share (copy link)',
    short: 'Share',
    keys: ['shift+c'],
    icon: 'link',
    group: 'file',
    run: () => void copyShareLink(),
  },
  {
    id: 'undo',
    label: 'Undo',
    keys: ['mod+z'],
    icon: 'undo',
    group: 'edit',
    enabled: (s) => s.doc.past.length > 0,
    run: () => editor.undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    keys: ['mod+shift+z', 'mod+y'],
    icon: 'redo',
    group: 'edit',
    enabled: (s) => s.doc.future.length > 0,
    run: () => editor.redo(),
  },
  {
    id: 'delete',
    label: 'Delete selection',
    keys: ['Delete', 'Backspace'],
    icon: 'delete',
    group: 'edit',
    enabled: hasSelection,
    run: () => editor.deleteSelection(),
  },
  { id: 'copy', label: 'Copy', keys: ['mod+c'], run: () => editor.clipboard.copy() },
  { id: 'paste', label: 'Paste', keys: ['mod+v'], run: () => void editor.clipboard.paste() },
  {
    id: 'duplicate',
    label: 'Duplicate',
    keys: ['mod+d'],
    icon: 'duplicate',
    group: 'edit',
    enabled: (s) => s.doc.selectedNodes.length > 0,
    run: () => editor.clipboard.duplicate(),
  },
  {
    id: 'make-function',
    label: 'Make function from selection…',
    keys: ['shift+m'],
    icon: 'function',
    enabled: (s) => s.doc.selectedNodes.length > 0,
    run: openMakeFunction,
  },
  { id: 'select-all', label: 'Select all', keys: ['mod+a'], run: () => editor.selectAll() },
  {
    id: 'quick-add',
    label: 'Add node…',
    keys: ['/', 'a'],
    icon: 'add',
    group: 'edit',
    run: (ctx) => editor.set('ui', { quickAdd: ctx.quickAddPoint(), menu: null }),
  },
  { id: 'layout', label: 'Auto layout', keys: ['shift+l'], icon: 'layout', group: 'view', run: (ctx) => ctx.autoLayout() },
  { id: 'fit', label: 'Fit view', keys: ['f'], icon: 'fit', group: 'view', run: (ctx) => ctx.fitView() },
  { id: 'zoom-in', label: 'Zoom in', keys: ['='], run: (ctx) => ctx.zoomIn() },
  { id: 'zoom-out', label: 'Zoom out', keys: ['-'], run: (ctx) => ctx.zoomOut() },
  {
    id: 'theme',
    label: 'Toggle light/dark theme',
    keys: ['shift+t'],
    icon: 'theme',
    group: 'view',
    run: () => editor.setTheme(editor.state.ui.theme === 'dark' ? 'light' : 'dark'),
  },
  { id: 'play', label: 'Play or pause backprop', keys: ['Space'], run: () => editor.playback.togglePlay() },
  { id: 'step-forward', label: 'Step forward', keys: ['ArrowRight', '.'], run: () => editor.playback.stepForward() },
  { id: 'step-back', label: 'Step back', keys: ['ArrowLeft', ','], run: () => editor.playback.stepBack() },
  { id: 'playback-reset', label: 'Reset playback', keys: ['Home'], run: () => editor.playback.rewind() },
  { id: 'run-eval', label: 'Run evaluation', keys: ['mod+Enter'], run: () => editor.evaluation.runNow() },
  { id: 'stop-eval', label: 'Stop evaluation', keys: ['mod+.'], run: () => editor.evaluation.stop() },
  { id: 'shortcuts', label: 'Keyboard shortcuts', keys: ['?'], run: () => setShortcutsOpen(true) },
  { id: 'escape', label: 'Clear selection', keys: ['Escape'], run: () => editor.select([]) },
];
