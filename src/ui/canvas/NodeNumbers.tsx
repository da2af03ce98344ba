import { useStore } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { formatCell } from '../../format/number';
import { colourAt, extentOf, rampPosition, type Plane, type Side } from '../plots/heatmap';
import { labelScale } from './LabelScale';

/** Planes up to this many cells a side show their numbers on the node, not colours alone. */
const MAX_SIDE = 8;
/** A cell holds five characters of 12 px mono ("−12.3", "5e−3"). */
const CELL_W = 40;

/** Whether a plane of h × w cells has its numbers shown over its heatmap on the node. */
export const numbersFit = (h: number, w: number): boolean => h <= MAX_SIDE && w <= MAX_SIDE;

/**
 * A small plane's numbers, each on the heatmap's colour in the text colour of higher contrast
 * there, scaled with the zoom so the text is at least 12 px on screen.
 */
function NodeNumbersView({ plane, side }: { plane: Plane; side: Side }) {
  const scale = useStore((s) => labelScale(s.transform[2]));
  const cells = useMemo(() => {
    const pos = rampPosition(side, extentOf(plane));
    return Array.from({ length: plane.h * plane.w }, (_, i) => {
      const v = plane.data[plane.offset + i];
      // Not finite: grey, as the heatmap draws it.
      const { bg, fg } = Number.isFinite(v) ? colourAt(side, pos(v)) : { bg: 'rgb(128 128 128)', fg: '#fff' };
      return { text: formatCell(v, true), bg, fg };
    });
  }, [plane, side]);
  return (
    <span className="node-map__loupe" aria-hidden="true" style={{ ['--tip-scale' as string]: scale }}>
      <span className="node-numbers" style={{ gridTemplateColumns: `repeat(${plane.w}, ${CELL_W * scale}px)` }}>
        {cells.map((c, i) => (
          <span key={i} className="node-numbers__cell" style={{ background: c.bg, color: c.fg }}>
            {c.text}
          </span>
        ))}
      </span>
    </span>
  );
}

export const NodeNumbers = memo(NodeNumbersView);
