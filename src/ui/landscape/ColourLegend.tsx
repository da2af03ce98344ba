import { formatLabel } from '../../format/number';
import { bandColour } from './LandscapePlot';

const W = 320;
const H = 30;
const X0 = 48;
const X1 = 312;

/** The loss each colour stands for: one swatch per band, the level between two swatches written beneath it. */
export function ColourLegend({ levels }: { levels: readonly number[] }) {
  const n = levels.length;
  const w = (X1 - X0) / (n + 1);
  // Labels about 5.5 units a character: write every level whose neighbour's label cannot collide with it.
  const widest = Math.max(0, ...levels.map((l) => formatLabel(l).length));
  const every = Math.max(1, Math.ceil((widest * 5.5 + 4) / w));
  return (
    <svg
      className="landscape__legend"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Loss levels: ${levels.map(formatLabel).join(', ')}`}
    >
      <text x={X0 - 6} y={10} textAnchor="end">
        L
      </text>
      {Array.from({ length: n + 1 }, (_, k) => (
        <rect key={k} x={X0 + k * w} y={2} width={w} height={10} fill={bandColour(k, n)} stroke="var(--border, #ccc)" strokeWidth={0.5} />
      ))}
      {levels.map((l, k) =>
        k % every ? null : (
          <text key={l} x={X0 + (k + 1) * w} y={24} textAnchor="middle">
            {formatLabel(l)}
          </text>
        ),
      )}
    </svg>
  );
}
