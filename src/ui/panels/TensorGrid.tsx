import { formatShape } from '../../format/shape';
import type { TensorValue } from '../../graph/schema';
import { NumberField } from './NumberField';

/** Cells of a small tensor, one number field each, laid out with the last dimension across. */
export function TensorGrid({ value, onCommit }: { value: TensorValue; onCommit: (v: TensorValue) => void }) {
  const cols = value.shape[value.shape.length - 1] ?? 1;
  const index = (i: number): string => {
    const idx: number[] = [];
    let rest = i;
    for (let d = value.shape.length - 1; d >= 0; d--) {
      idx.unshift(rest % value.shape[d]);
      rest = Math.floor(rest / value.shape[d]);
    }
    return idx.join(', ');
  };
  return (
    <div
      className="tensor-grid"
      role="group"
      aria-label={`Values of the ${formatShape(value.shape)} tensor`}
      style={{ gridTemplateColumns: `repeat(${cols}, minmax(3.2rem, 1fr))` }}
    >
      {value.data.map((v, i) => (
        <NumberField
          key={i}
          compact
          label={`cell [${index(i)}]`}
          value={v}
          onCommit={(x) => onCommit({ shape: value.shape, data: value.data.map((old, j) => (j === i ? x : old)) })}
        />
      ))}
    </div>
  );
}
