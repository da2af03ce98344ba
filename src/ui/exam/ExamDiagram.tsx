import { memo, useMemo, type CSSProperties } from 'react';
import { labelRect, type Diagram, type Rect } from '../../exam';
import { svgDataUrl } from './exports';

interface Hit {
  readonly key: string;
  readonly rect: Rect;
}

/** Where each blankable thing sits: every label, and every cell of a printed table. */
const hitsOf = (d: Diagram): Hit[] => [
  ...d.labels.map((l) => ({ key: l.key, rect: labelRect(l) })),
  ...d.grids.flatMap((g) => g.cells.map((c) => ({ key: c.key, rect: c.rect }))),
];

/**
 * The figure exactly as it prints: the exported SVG shown as an image (so nothing in it can run),
 * with a transparent toggle button over each label. The buttons are positioned in percentages of
 * the figure, so they stay on their labels at any size.
 */
export const ExamDiagram = memo(function ExamDiagram({
  diagram,
  svg,
  blanks,
  onToggle,
}: {
  diagram: Diagram;
  svg: string;
  blanks: readonly string[];
  onToggle(key: string): void;
}) {
  const src = useMemo(() => svgDataUrl(svg), [svg]);
  const hits = useMemo(() => hitsOf(diagram), [diagram]);
  const blanked = new Set(blanks);
  const b = diagram.bounds;
  const place = (r: Rect): CSSProperties => ({
    left: `${((r.x - b.x) / b.width) * 100}%`,
    top: `${((r.y - b.y) / b.height) * 100}%`,
    width: `${(r.width / b.width) * 100}%`,
    height: `${(r.height / b.height) * 100}%`,
  });
  const view = diagram.view === 'student' ? 'student sheet, blanks empty' : 'answer key, blanks filled in';
  return (
    <figure className="exam-figure" style={{ '--print-width': `${b.width}px` } as CSSProperties}>
      <img
        src={src}
        alt={`${diagram.title}: the exam figure (${view})`}
        width={b.width}
        height={b.height}
        data-testid="exam-figure"
        draggable={false}
      />
      <div className="exam-figure__hits" role="group" aria-label="Blanks: press a value to blank it or show it">
        {hits.map((h) => (
          <button
            key={h.key}
            type="button"
            className="exam-hit"
            style={place(h.rect)}
            aria-pressed={blanked.has(h.key)}
            aria-label={`Blank ${h.key}`}
            title={blanked.has(h.key) ? `${h.key} is a blank: click to print its value` : `Click to make ${h.key} a blank`}
            data-key={h.key}
            onClick={() => onToggle(h.key)}
          />
        ))}
      </div>
    </figure>
  );
});
