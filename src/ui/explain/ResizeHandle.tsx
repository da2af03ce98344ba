import { editor, useEditorState } from '../editor';

const KEY_STEP = 24;
/** The canvas keeps at least this height (its min-height in playback.css). */
const CANVAS_MIN = 240;

/** The tallest the panel can be: the stage's height less the canvas's minimum and the other rows (the playback bar). */
function roomFor(panel: HTMLElement): number {
  const stage = panel.parentElement;
  if (!stage) return window.innerHeight * 0.75;
  const others = [...stage.children].filter((c) => c !== panel && !c.classList.contains('canvas'));
  return stage.clientHeight - CANVAS_MIN - others.reduce((h, c) => h + c.getBoundingClientRect().height, 0);
}

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
    const max = roomFor(panel);
    const move = (ev: PointerEvent) => editor.explain.setHeight(h0 + y0 - ev.clientY, max);
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
    const panel = e.currentTarget.parentElement;
    if (!panel) return;
    editor.explain.setHeight(panel.getBoundingClientRect().height + (e.key === 'ArrowUp' ? KEY_STEP : -KEY_STEP), roomFor(panel));
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
