import { memo, useMemo } from 'react';
import { formatCell } from '../../format/number';
import type { Mark } from '../explain/tensor-step';
import { Heatmap } from './Heatmap';
import { HeatScale } from './HeatScale';
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

/** A tensor's plane as a grid of numbers on their heatmap colours, with marked cells outlined. */
function CellGridView({ name, caption, plane, side, marks, onPick }: CellGridProps) {
  const extent = useMemo(() => extentOf(plane), [plane]);
  const colour = useMemo(() => {
    const pos = rampPosition(side, extent);
    return (v: number) => colourAt(side, Number.isFinite(v) ? pos(v) : 0.5);
  }, [extent, side]);
  if (plane.h > MAX_GRID || plane.w > MAX_GRID) {
    return (
      <figure className="cell-grid">
        <figcaption>{caption}</figcaption>
        <Heatmap plane={plane} side={side} size={220} label={`Heatmap of ${caption}`} />
        <HeatScale side={side} extent={extent} />
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
          {formatCell(v, dense)}
        </button>
      ) : (
        <span key={i} {...props}>
          {formatCell(v, dense)}
        </span>
      ),
    );
  }
  return (
    <figure className="cell-grid">
      <figcaption>{caption}</figcaption>
      <div
        className={`cell-grid__cells${dense ? ' cell-grid__cells--dense' : ''}`}
        role="group"
        aria-label={caption}
        style={{ gridTemplateColumns: `repeat(${plane.w}, var(--cell))` }}
      >
        {cells}
      </div>
      <HeatScale side={side} extent={extent} />
    </figure>
  );
}

export const CellGrid = memo(CellGridView);
