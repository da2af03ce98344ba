import { editor, useEditorState } from '../editor';

/** The tip's widest, as in canvas.css. */
const TIP_MAX_W = 320;

/** The full value of a tapped edge label, under it, until the next tap elsewhere. */
export function LabelTip() {
  const tip = useEditorState((s) => s.layout.tip);
  if (!tip) return null;
  return (
    <div
      className="label-tip"
      role="status"
      data-testid="label-tip"
      // Left-aligned a little before the label, and never past the window's right edge.
      style={{ left: Math.max(8, Math.min(tip.x - 60, window.innerWidth - TIP_MAX_W - 8)), top: tip.y }}
    >
      {tip.text}
      <button type="button" className="label-tip__close" aria-label="Close" onClick={() => editor.set('layout', { tip: null })}>
        ×
      </button>
    </div>
  );
}
