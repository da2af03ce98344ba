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
  // Every level fits beneath its boundary up to about 9 of them; beyond, every other one.
  const every = n > 9 ? 2 : 1;
  return (
    <svg
      className="landscape__legend"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Loss levels: ${levels.map(formatLabel).join(', ')}`}
    >
      <text x={X0 - 6} y={9} textAnchor="end" className="plot__axes">
        L
      </text>
      {Array.from({ length: n + 1 }, (_, k) => (
        <rect key={k} x={X0 + k * w} y={2} width={w} height={10} fill={bandColour(k, n)} stroke="var(--border, #ccc)" strokeWidth={0.5} />
      ))}
      {levels.map((l, k) =>
        k % every ? null : (
          <text key={l} x={X0 + (k + 1) * w} y={24} textAnchor="middle" className="plot__axes">
            {formatLabel(l)}
          </text>
        ),
      )}
    </svg>
  );
}
