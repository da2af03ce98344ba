import { extent, line, scaleLinear } from 'd3';
import { formatLabel } from '../../format/number';

const W = 290;
const H = 120;
const M = { top: 10, right: 10, bottom: 20, left: 40 };

/** The loss before training and after each step, as a line with a dot per step. */
export function LossChart({ losses }: { losses: readonly number[] }) {
  const x = scaleLinear()
    .domain([0, Math.max(1, losses.length - 1)])
    .range([M.left, W - M.right]);
  const [lo = 0, hi = 0] = extent(losses);
  const y = scaleLinear()
    .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
    .range([H - M.bottom, M.top])
    .nice();
  const d =
    line<number>()
      .x((_v, i) => x(i))
      .y((v) => y(v))(losses as number[]) ?? '';
  return (
    <figure className="plot" aria-label="Loss per training step">
      <figcaption>loss per training step</figcaption>
      <svg width={W} height={H} role="img" aria-label={`Loss over ${losses.length - 1} steps: ${losses.map(formatLabel).join(', ')}`}>
        <g className="plot__axes">
          {y.ticks(3).map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`}>
              <line x1={M.left} x2={W - M.right} className="plot__grid" />
              <text x={M.left - 4} dy="0.32em" textAnchor="end">
                {formatLabel(t)}
              </text>
            </g>
          ))}
          {x
            .ticks(Math.min(6, losses.length - 1))
            .filter(Number.isInteger)
            .map((t) => (
              <text key={t} x={x(t)} y={H - 5} textAnchor="middle">
                {t}
              </text>
            ))}
        </g>
        <path className="plot__line plot__line--f" d={d} />
        {losses.map((v, i) => (
          <circle key={i} cx={x(i)} cy={y(v)} r={3} className="plot__dot plot__dot--f">
            <title>{`step ${i}: ${v}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
