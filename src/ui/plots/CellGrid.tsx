import { format } from 'd3';
import { memo, useMemo } from 'react';
import type { Mark } from '../explain/tensor-step';
import { Heatmap } from './Heatmap';
import { colourAt, extentOf, rampPosition, type Plane, type Side } from './heatmap';

/** Planes up to this many cells a side are drawn as numbers; larger ones as a heatmap. */
const MAX_GRID = 24;
/** Wider planes get narrower cells, so a 16 × 16 input and its gradient fit side by side. */
const DENSE = 10;

export interface CellGridProps {
  /** The tensor's name in cell labels: "X" gives "X[1,2]" (1-based). */
  readonly name: string;
  readonly caption: string;
  readonly plane: Plane;
  readonly side: Side;
  readonly marks?: ReadonlyMap<number, Mark>;
  /** Makes cells buttons: a click picks that cell. */
  readonly onPick?: (index: number) => void;
}

const places = [format('.2~f'), format('.1~f')];
const siShort = format('.2~s');

/** A number in about five characters, four in a dense grid: 0.38 or 0.4, −4.5, 12k, 3e−4 (the tooltip has every digit). */
function short(v: number, dense: boolean): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= (dense ? 100 : 1000)) return siShort(v);
  if (v !== 0 && Math.abs(v) < (dense ? 0.05 : 0.005)) return v.toExponential(0).replace('-', '−');
  return places[dense || Math.abs(v) >= 10 ? 1 : 0](v);
}

/** A tensor's plane as a grid of numbers on their heatmap colours, with marked cells outlined. */
function CellGridView({ name, caption, plane, side, marks, onPick }: CellGridProps) {
  const colour = useMemo(() => {
    const pos = rampPosition(side, extentOf(plane));
    return (v: number) => colourAt(side, Number.isFinite(v) ? pos(v) : 0.5);
  }, [plane, side]);
  if (plane.h > MAX_GRID || plane.w > MAX_GRID) {
    return (
      <figure className="cell-grid">
        <figcaption>{caption}</figcaption>
        <Heatmap plane={plane} side={side} size={220} label={`Heatmap of ${caption}`} />
      </figure>
    );
  }
  const dense = plane.w > DENSE;
  const cells = [];
  for (let i = 0; i < plane.h * plane.w; i++) {
    const v = plane.data[plane.offset + i];
    const { bg, fg } = colour(v);
    const mark = marks?.get(i);
    const label = `${name}[${Math.floor(i / plane.w) + 1},${(i % plane.w) + 1}] = ${v}`;
    const props = {
      className: `cell-grid__cell${mark ? ` cell-grid__cell--${mark}` : ''}`,
      style: { background: bg, color: fg },
      title: label,
    };
    cells.push(
      onPick ? (
        <button key={i} type="button" {...props} aria-label={label} aria-pressed={mark === 'picked'} onClick={() => onPick(i)}>
          {short(v, dense)}
        </button>
      ) : (
        <span key={i} {...props}>{short(v, dense)}</span>
      ),
    );
  }
  return (
    <figure className="cell-grid">
      <figcaption>{caption}</figcaption>
      <div className={`cell-grid__cells${dense ? ' cell-grid__cells--dense' : ''}`} role="group" aria-label={caption} style={{ gridTemplateColumns: `repeat(${plane.w}, var(--cell))` }}>
        {cells}
      </div>
    </figure>
  );
}

export const CellGrid = memo(CellGridView);
