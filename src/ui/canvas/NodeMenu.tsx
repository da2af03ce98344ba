import { useEffect, useRef } from 'react';
import { editor, useEditorState } from '../editor';
import { openMakeFunction } from '../functions/make';

/** A node's context menu: set as output, duplicate, delete. Arrow keys move, Escape closes. */
export function NodeMenu() {
  const menu = useEditorState((s) => s.ui.menu);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.querySelector('button')?.focus(), [menu]);
  if (!menu) return null;
  const close = () => editor.set('ui', { menu: null });
  const run = (f: () => void) => () => {
    close();
    editor.select([menu.nodeId]);
    f();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll('button') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  };
  return (
    <div
      ref={ref}
      className="node-menu"
      role="menu"
      aria-label="Node actions"
      style={{ left: menu.x, top: menu.y }}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) close();
      }}
    >
      <button role="menuitem" onClick={run(() => editor.setAsOutput(menu.nodeId))}>
        Set as output
      </button>
      <button role="menuitem" onClick={run(() => editor.clipboard.duplicate())}>
        Duplicate
      </button>
      <button
        role="menuitem"
        onClick={() => {
          // The whole selection when the node is in it; otherwise this node alone.
          close();
          if (!editor.state.doc.selectedNodes.includes(menu.nodeId)) editor.select([menu.nodeId]);
          openMakeFunction();
        }}
      >
        Make function…
      </button>
      <button role="menuitem" className="danger" onClick={run(() => editor.deleteSelection())}>
        Delete
      </button>
    </div>
  );
}
