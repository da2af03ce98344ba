/** What the two edge labels mean; the prefixes and arrows say it without colour. */
export function Legend() {
  return (
    <div className="legend" aria-label="Edge label legend">
      <span className="legend__item">
        <span className="edge-label edge-label--fwd legend__chip">f<sub>i</sub> →</span> forward value
      </span>
      <span className="legend__item">
        <span className="edge-label edge-label--bwd legend__chip">← b<sub>i</sub></span> gradient ∂out/∂f<sub>i</sub>
      </span>
    </div>
  );
}
