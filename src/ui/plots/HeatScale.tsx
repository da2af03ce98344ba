import { formatLabel } from '../../format/number';
import { colourAt, type Side } from './heatmap';

const STOPS = [0, 0.25, 0.5, 0.75, 1];

/** The numbers at the two ends of a heatmap's colour ramp: min to max for values, ±the largest magnitude for gradients (0 in the middle). */
export function scaleEnds(side: Side, [min, max]: readonly [number, number]): [number, number] {
  if (side === 'value') return [min, max];
  const m = Math.max(Math.abs(min), Math.abs(max));
  return [-m, m];
}

/** A heatmap's colour scale: the ramp between the numbers at its ends, so the colours can be read as values. */
export function HeatScale({ side, extent }: { side: Side; extent: readonly [number, number] }) {
  const [lo, hi] = scaleEnds(side, extent).map(formatLabel);
  const ramp = STOPS.map((t) => `${colourAt(side, t).bg} ${t * 100}%`).join(', ');
  return (
    <div className="heat-scale" data-testid="heat-scale" role="img" aria-label={`Colour scale from ${lo} to ${hi}`}>
      <span>{lo}</span>
      <span className="heat-scale__bar" style={{ background: `linear-gradient(to right, ${ramp})` }} />
      <span>{hi}</span>
    </div>
  );
}
