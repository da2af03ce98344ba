import { useLabelTip } from './useTouchGestures';

/** The full value of a tapped edge label, under it, until the next tap elsewhere. */
export function LabelTip() {
  const tip = useLabelTip((s) => s.tip);
  if (!tip) return null;
  return (
    <div className="label-tip" role="status" data-testid="label-tip" style={{ left: tip.x, top: tip.y }}>
      {tip.text}
      <button type="button" className="label-tip__close" aria-label="Close" onClick={() => useLabelTip.setState({ tip: null })}>
        ×
      </button>
    </div>
  );
}
