import { line, max, min, scaleLinear, schemeTableau10 } from 'd3';
import { formatLabel } from '../../format/number';
import type { Run } from './runs-state';

const W = 290;
const H = 150;
const LR_H = 60;
const M = { top: 8, right: 10, bottom: 18, left: 44 };

const colour = (i: number): string => schemeTableau10[i % schemeTableau10.length];
/** Dashes as well as colours, so runs differ without colour too. */
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

function Axis({ y, x0, x1 }: { y: ReturnType<typeof scaleLinear<number, number>>; x0: number; x1: number }) {
  return (
    <g className="plot__axes">
      {y.ticks(3).map((t) => (
        <g key={t} transform={`translate(0,${y(t)})`}>
          <line x1={x0} x2={x1} className="plot__grid" />
          <text x={x0 - 4} dy="0.32em" textAnchor="end">
            {formatLabel(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

/**
 * The loss of every run over its steps, overlaid on the same axes, and each run's learning rate
 * beneath: comparing SGD, momentum and Adam on one graph at a glance.
 */
export function RunsChart({ runs }: { runs: readonly Run[] }) {
  const steps = max(runs, (r) => r.losses.length - 1) ?? 1;
  const x = scaleLinear()
    .domain([0, Math.max(1, steps)])
    .range([M.left, W - M.right]);
  const lo = min(runs, (r) => min(r.losses)) ?? 0;
  const hi = max(runs, (r) => max(r.losses)) ?? 1;
  const y = scaleLinear()
    .domain(lo === hi ? [lo - 1, hi + 1] : [lo, hi])
    .range([H - M.bottom, M.top])
    .nice();
  const lrHi = max(runs, (r) => max(r.lrs)) ?? 1;
  const yLr = scaleLinear()
    .domain([0, lrHi || 1])
    .range([LR_H - M.bottom, M.top])
    .nice();
  const path = (ys: readonly number[], s: typeof y) =>
    line<number>()
      .x((_v, i) => x(i))
      .y((v) => s(v))(ys as number[]) ?? '';
  return (
    <figure className="plot runs-chart" aria-label="Loss per step of each run">
      <figcaption>loss per step</figcaption>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={runs.map((r) => `${r.label}: ${formatLabel(r.losses[0])} → ${formatLabel(r.losses.at(-1) as number)}`).join('; ')}
      >
        <Axis y={y} x0={M.left} x1={W - M.right} />
        {runs.map((r, i) => (
          <path
            key={r.id}
            d={path(r.losses, y)}
            fill="none"
            stroke={colour(i)}
            strokeWidth={1.6}
            strokeDasharray={DASHES[i % DASHES.length]}
            data-run={r.label}
          >
            <title>{r.label}</title>
          </path>
        ))}
        {x
          .ticks(5)
          .filter(Number.isInteger)
          .map((t) => (
            <text key={t} className="plot__axes" x={x(t)} y={H - 4} textAnchor="middle">
              {t}
            </text>
          ))}
      </svg>
      <figcaption>learning rate</figcaption>
      <svg width={W} height={LR_H} role="img" aria-label="Learning rate per step of each run">
        <Axis y={yLr} x0={M.left} x1={W - M.right} />
        {runs.map((r, i) => (
          <path
            key={r.id}
            d={path(r.lrs, yLr)}
            fill="none"
            stroke={colour(i)}
            strokeWidth={1.2}
            strokeDasharray={DASHES[i % DASHES.length]}
          />
        ))}
      </svg>
      <ul className="runs-chart__legend">
        {runs.map((r, i) => (
          <li key={r.id}>
            <svg width={22} height={8} aria-hidden="true">
              <line x1={0} x2={22} y1={4} y2={4} stroke={colour(i)} strokeWidth={2} strokeDasharray={DASHES[i % DASHES.length]} />
            </svg>{' '}
            {r.label}: {formatLabel(r.losses[0])} → {formatLabel(r.losses.at(-1) as number)}
            {r.accuracy === undefined ? '' : `, held-out ${formatLabel(100 * r.accuracy)}%`}
          </li>
        ))}
      </ul>
    </figure>
  );
}
