import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';

/** Smallest, largest and mean of a tensor's numbers; NaN for an empty one. */
export function tensorStats(data: ArrayLike<number>): { min: number; max: number; mean: number } {
  let [min, max, sum] = [Infinity, -Infinity, 0];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return data.length === 0 ? { min: NaN, max: NaN, mean: NaN } : { min, max, mean: sum / data.length };
}

/** A tensor in one line for the status bar: its shape, then min, max and mean ("2×3 · min −1 · max 4 · mean 1.5"). */
export function tensorSummary(shape: readonly number[], data: ArrayLike<number>): string {
  if (data.length === 0) return formatShape(shape);
  const { min, max, mean } = tensorStats(data);
  return `${formatShape(shape)} · min ${formatLabel(min)} · max ${formatLabel(max)} · mean ${formatLabel(mean)}`;
}
