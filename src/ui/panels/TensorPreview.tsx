import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { WireValue } from '../eval/results';

const SMALL = 64;

function stats(data: Float64Array) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sq = 0;
  for (const v of data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    sq += v * v;
  }
  return { min, max, mean: sum / data.length, norm: Math.sqrt(sq) };
}

/** A value in full: a number to every digit, a small tensor as a table, a large one by its statistics. */
export function ValueDisplay({ value, testId }: { value: WireValue | undefined; testId: string }) {
  if (value === undefined)
    return (
      <span className="muted" data-testid={testId}>
        —
      </span>
    );
  if (typeof value === 'number')
    return (
      <code className="full-number" data-testid={testId}>
        {String(value)}
      </code>
    );
  const cols = value.shape[value.shape.length - 1] ?? 1;
  if (value.data.length <= SMALL) {
    return (
      <div
        className="tensor-preview"
        data-testid={testId}
        style={{ gridTemplateColumns: `repeat(${cols}, auto)` }}
        aria-label={`${formatShape(value.shape)} tensor`}
      >
        {Array.from(value.data, (v, i) => (
          <span key={i} title={String(v)}>
            {formatLabel(v)}
          </span>
        ))}
      </div>
    );
  }
  const s = stats(value.data);
  return (
    <dl className="stats" data-testid={testId}>
      <StatRows shape={value.shape} stats={s} />
      <dt>‖·‖₂</dt>
      <dd title={String(s.norm)}>{formatLabel(s.norm)}</dd>
    </dl>
  );
}

/** A tensor's shape, min, max and mean as rows of a <dl>, each number whole in its title. */
export function StatRows({ shape, stats: s }: { shape: readonly number[]; stats: { min: number; max: number; mean: number } }) {
  return (
    <>
      <dt>shape</dt>
      <dd>{formatShape(shape)}</dd>
      <dt>min</dt>
      <dd title={String(s.min)}>{formatLabel(s.min)}</dd>
      <dt>max</dt>
      <dd title={String(s.max)}>{formatLabel(s.max)}</dd>
      <dt>mean</dt>
      <dd title={String(s.mean)}>{formatLabel(s.mean)}</dd>
    </>
  );
}
