import { FAST_F32_MIN_MACS } from '../../graph/fast-float32';
import { editor, useEditorState } from '../editor';
import './fast-float32.css';

const sci = (x: number) => x.toExponential(1);

/**
 * Fast float32 mode, in the header beside the evaluation status: a checkbox, shown only for a
 * graph big enough for the mode to apply, and once it ran, how many products went to float32 and
 * the error measured against float64.
 */
export function FastFloat32Toggle() {
  const macs = useEditorState((s) => s.results.nodes.reduce((sum, v) => sum + (v.cost?.macs ?? 0), 0));
  const on = useEditorState((s) => s.precision.fastFloat32);
  const report = useEditorState((s) => s.precision.report);
  if (macs < FAST_F32_MIN_MACS) return null;
  const note = report && `float32 in ${report.products} products; error ${sci(report.sampledError)} of Σ|a·b| (bound ${sci(report.bound)})`;
  return (
    <div className="fast-f32">
      <label title={(on && note) || 'Big matrix products in float32 SIMD: faster, with the error against float64 measured and shown'}>
        <input type="checkbox" checked={on} onChange={(e) => editor.set('precision', { fastFloat32: e.target.checked })} />
        fast float32 mode
      </label>
      {on && note && (
        <span role="status" className="fast-f32__note" data-testid="float32-note">
          {note}
        </span>
      )}
    </div>
  );
}
