import { editor, useEditorState } from '../editor';

const KEY_STEP = 24;

/** The top edge of the explanation panel: drag it, or focus it and press ↑ ↓, to resize the panel. */
export function ResizeHandle() {
  const height = useEditorState((s) => s.explain.height);
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const panel = e.currentTarget.parentElement;
    if (!panel || e.button !== 0) return;
    e.preventDefault();
    const handle = e.currentTarget;
    const [y0, h0] = [e.clientY, panel.getBoundingClientRect().height];
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => editor.explain.setHeight(h0 + y0 - ev.clientY);
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
      handle.removeEventListener('pointercancel', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
    handle.addEventListener('pointercancel', stop);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const current = e.currentTarget.parentElement?.getBoundingClientRect().height ?? 0;
    editor.explain.setHeight(current + (e.key === 'ArrowUp' ? KEY_STEP : -KEY_STEP));
  };
  return (
    <div
      className="explain__resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the explanation panel"
      aria-valuenow={height === null ? undefined : Math.round(height)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
