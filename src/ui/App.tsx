import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useRef } from 'react';
import { ExamSheet } from './exam/ExamSheet';
import { EvalStatus } from './eval/EvalStatus';
import { FastFloat32Toggle } from './eval/FastFloat32Toggle';
import { openFile } from './files';
import { useAutosave, useEvaluation, useThemeAttribute } from './hooks';
import { useCommandKeys } from './keyboard';
import { Inspector } from './panels/Inspector';
import { Drawer } from './layout/Drawer';
import { PanelButtons } from './layout/PanelButtons';
import { ShortcutsSheet } from './layout/ShortcutsSheet';
import { MakeFunctionDialog } from './functions/MakeFunctionDialog';
import { ClassroomPanel } from './classroom/ClassroomPanel';
import { joinCodeOf } from './classroom/endpoint';
import { StudentView } from './classroom/StudentView';
import { SkipLinks } from './layout/SkipLinks';
import { LibraryPanel } from './library/LibraryPanel';
import { Notices } from './panels/Notices';
import { Palette } from './panels/Palette';
import { Stage } from './playback/Stage';
import { StatusBar } from './panels/StatusBar';
import { EmbedView } from './share/EmbedView';
import { isEmbed } from './share/link';
import { ShareUi } from './share/ShareUi';
import { ForwardPanel } from './forward/ForwardPanel';
import { NodeList } from './nodelist/NodeList';
import { Gallery } from './toolbar/Gallery';
import { Welcome } from './welcome/Welcome';
import { Toolbar } from './toolbar/Toolbar';
import { useCommandContext } from './useCommandContext';
import type { CommandContext } from './commands';
import { useEditorState } from './editor';

function Header({ ctx }: { ctx: CommandContext }) {
  const title = useEditorState((s) => s.doc.present.title);
  return (
    <header className="header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          ∂
        </span>
        <h1>Backprop Studio</h1>
      </div>
      {title && (
        <span className="header__title" title={title}>
          {title}
        </span>
      )}
      <EvalStatus />
      <FastFloat32Toggle />
      <Drawer id="menu" side="right" label="Commands" closeOn=".tool">
        <Toolbar ctx={ctx} />
      </Drawer>
      <PanelButtons />
    </header>
  );
}

function Editor() {
  const fileInput = useRef<HTMLInputElement>(null);
  const pickFile = useCallback(() => fileInput.current?.click(), []);
  const ctx = useCommandContext(pickFile);
  useCommandKeys(ctx);
  useEvaluation();
  useAutosave();
  useThemeAttribute();
  return (
    <div className="app">
      <SkipLinks />
      <Header ctx={ctx} />
      <Drawer id="palette" side="left" label="Ops" closeOn=".palette__item">
        <Palette />
      </Drawer>
      <Stage />
      <Drawer id="inspector" side="right" label="Inspector">
        <Inspector />
      </Drawer>
      <StatusBar />
      <Notices />
      <ForwardPanel />
      <NodeList />
      <Gallery />
      <Welcome />
      <LibraryPanel />
      <ExamSheet />
      <ShareUi />
      <ShortcutsSheet />
      <MakeFunctionDialog />
      <ClassroomPanel />
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Open a graph file"
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void openFile(file);
        }}
      />
    </div>
  );
}

/**
 * Backprop Studio: palette, canvas and inspector around one document; with `embed=1`, the
 * read-only embed view; with `class=CODE`, a student's view of a class session.
 */
export function App() {
  return <ReactFlowProvider>{isEmbed() ? <EmbedView /> : joinCodeOf() !== null ? <StudentView /> : <Editor />}</ReactFlowProvider>;
}
