import type { WireValue } from '../eval/results';
import { fmt, fmtShape } from '../format';

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
  if (value === undefined) return <span className="muted" data-testid={testId}>—</span>;
  if (typeof value === 'number') return <code className="full-number" data-testid={testId}>{String(value)}</code>;
  const cols = value.shape[value.shape.length - 1] ?? 1;
  if (value.data.length <= SMALL) {
    return (
      <div className="tensor-preview" data-testid={testId} style={{ gridTemplateColumns: `repeat(${cols}, auto)` }} aria-label={`${fmtShape(value.shape)} tensor`}>
        {Array.from(value.data, (v, i) => (
          <span key={i} title={String(v)}>{fmt(v)}</span>
        ))}
      </div>
    );
  }
  const s = stats(value.data);
  return (
    <dl className="stats" data-testid={testId}>
      <dt>shape</dt><dd>{fmtShape(value.shape)}</dd>
      <dt>min</dt><dd title={String(s.min)}>{fmt(s.min)}</dd>
      <dt>max</dt><dd title={String(s.max)}>{fmt(s.max)}</dd>
      <dt>mean</dt><dd title={String(s.mean)}>{fmt(s.mean)}</dd>
      <dt>‖·‖₂</dt><dd title={String(s.norm)}>{fmt(s.norm)}</dd>
    </dl>
  );
}
