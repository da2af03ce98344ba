import { line, max, min, scaleLinear } from 'd3';
import { formatLabel } from '../../format/number';
import type { TrainerState } from './trainer-state';

const W = 290;
const H = 140;
const M = { top: 8, right: 10, bottom: 18, left: 44 };

/**
 * The loss of every batch as training goes (thin, noisy: each batch is different) and the mean
 * loss of each finished epoch over its samples (thick, with dots), against the step number.
 */
export function TrainLossCurves({ trainer }: { trainer: TrainerState }) {
  const { batchLosses, epochLosses, startStep, perEpoch, total } = trainer;
  const x = scaleLinear()
    .domain([startStep, startStep + Math.max(1, total)])
    .range([M.left, W - M.right]);
  const lo = Math.min(min(batchLosses) ?? 0, min(epochLosses, (e) => e.loss) ?? Infinity);
  const hi = Math.max(max(batchLosses) ?? 1, max(epochLosses, (e) => e.loss) ?? -Infinity);
  const y = scaleLinear()
    .domain(lo === hi ? [lo - 1, hi + 1] : [Math.min(0, lo), hi])
    .range([H - M.bottom, M.top])
    .nice();
  const batchPath =
    line<number>()
      .x((_v, i) => x(startStep + i))
      .y((v) => y(v))(batchLosses as number[]) ?? '';
  const epochAt = (e: number) => x(e * perEpoch);
  const epochPath =
    line<{ epoch: number; loss: number }>()
      .x((e) => epochAt(e.epoch))
      .y((e) => y(e.loss))(epochLosses as { epoch: number; loss: number }[]) ?? '';
  const last = epochLosses.at(-1);
  return (
    <figure className="plot train-curves" aria-label="Loss per batch and per epoch">
      <figcaption>
        <span className="plot__key plot__key--f">— loss per batch</span> <span className="plot__key plot__key--d">●— mean per epoch</span>
      </figcaption>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`${batchLosses.length} batch losses${batchLosses.length ? `, the last ${formatLabel(batchLosses.at(-1) as number)}` : ''}${last ? `; epoch ${last.epoch} mean ${formatLabel(last.loss)}` : ''}`}
      >
        <g className="plot__axes">
          {y.ticks(4).map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`}>
              <line x1={M.left} x2={W - M.right} className="plot__grid" />
              <text x={M.left - 4} dy="0.32em" textAnchor="end">
                {formatLabel(t)}
              </text>
            </g>
          ))}
          {x
            .ticks(5)
            .filter(Number.isInteger)
            .map((t) => (
              <text key={t} x={x(t)} y={H - 4} textAnchor="middle">
                {t}
              </text>
            ))}
        </g>
        <path className="train-curves__batch" d={batchPath} data-testid="batch-loss" />
        <path className="plot__line plot__line--d train-curves__epoch" d={epochPath} />
        {epochLosses.map((e) => (
          <circle key={e.epoch} cx={epochAt(e.epoch)} cy={y(e.loss)} r={3.5} className="plot__dot plot__dot--d" data-epoch={e.epoch}>
            <title>{`epoch ${e.epoch}: mean loss ${e.loss}${e.accuracy === undefined ? '' : `, held-out ${formatLabel(100 * e.accuracy)}%`}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
