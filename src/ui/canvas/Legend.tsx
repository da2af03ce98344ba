import { LABEL_MIN_ZOOM, useLabelsReadable } from './label-layer';

/** What the two edge labels mean; the f and b prefixes say it without colour. */
export function Legend() {
  const readable = useLabelsReadable();
  return (
    <span className="legend" role="note" aria-label="Edge labels">
      <span className="legend__item">
        <span className="edge-label edge-label--fwd legend__chip">fᵢ</span>
        <span>
          <span className="legend__detail">forward </span>value<span className="legend__detail">, above each edge</span>
        </span>
      </span>
      <span className="legend__item">
        <span className="edge-label edge-label--bwd legend__chip">bᵢ</span>
        <span>
          gradient<span className="legend__detail"> ∂output/∂fᵢ, below</span>
        </span>
      </span>
      {!readable && <span className="muted">zoom to {LABEL_MIN_ZOOM * 100}% or more to see them</span>}
    </span>
  );
}
