import { rollup, scaleBand, scaleLinear } from 'd3';
import { formatLabel } from '../../format/number';
import { isRight } from '../../classroom/summary';
import type { AnswerKey } from '../../classroom/protocol';

const W = 520;
const H = 220;
const M = { top: 18, right: 8, bottom: 34, left: 8 };
/** More distinct answers than this: the rarest share one "other" bar, so the bars stay readable on a projector. */
const MAX_BARS = 12;

interface Bar {
  readonly label: string;
  readonly value: number;
  readonly count: number;
  readonly right: boolean;
}

/** Answers grouped by the value as the canvas shows it (4 significant digits), in value order. */
function barsOf(values: readonly number[], key: AnswerKey | null): Bar[] {
  const groups = rollup(
    values,
    (vs) => ({ value: vs[0], count: vs.length }),
    (v) => formatLabel(v),
  );
  let bars = [...groups].map(([label, g]) => ({ label, ...g, right: key !== null && isRight({ text: '', value: g.value }, key) }));
  if (bars.length > MAX_BARS) {
    const kept = [...bars].sort((a, b) => Number(b.right) - Number(a.right) || b.count - a.count).slice(0, MAX_BARS - 1);
    const rest = bars.filter((b) => !kept.includes(b)).reduce((t, b) => t + b.count, 0);
    bars = [...kept, { label: 'other', value: Infinity, count: rest, right: false }];
  }
  return bars.sort((a, b) => a.value - b.value);
}

/** The live histogram of a question's answers; the right answer's bar is marked once there is a key. */
export function Histogram({ values, answerKey }: { values: readonly number[]; answerKey: AnswerKey | null }) {
  const bars = barsOf(values, answerKey);
  const x = scaleBand<string>()
    .domain(bars.map((b) => b.label))
    .range([M.left, W - M.right])
    .padding(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...bars.map((b) => b.count))])
    .range([H - M.bottom, M.top]);
  return (
    <svg
      className="class-hist"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Histogram of ${values.length} answers`}
      data-testid="class-histogram"
    >
      {bars.map((b) => (
        <g key={b.label} data-testid="class-bar" data-label={b.label} data-count={b.count} data-right={b.right}>
          <rect
            className={b.right ? 'class-hist__bar class-hist__bar--right' : 'class-hist__bar'}
            x={x(b.label)}
            y={y(b.count)}
            width={x.bandwidth()}
            height={H - M.bottom - y(b.count)}
          />
          <text className="class-hist__count" x={(x(b.label) ?? 0) + x.bandwidth() / 2} y={y(b.count) - 4} textAnchor="middle">
            {b.count}
          </text>
          <text className="class-hist__label" x={(x(b.label) ?? 0) + x.bandwidth() / 2} y={H - M.bottom + 16} textAnchor="middle">
            {b.label}
            {b.right ? ' ✓' : ''}
          </text>
        </g>
      ))}
      <line className="class-hist__axis" x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
    </svg>
  );
}
