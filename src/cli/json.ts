import type { Tensor, Value } from '../tensor/tensor';
import type { Sink } from './output';

/** A number as JSON.stringify writes it: null for what JSON cannot hold. */
const number = (x: number): string => (Number.isFinite(x) ? String(x) : 'null');

/** A small value (a name, a shape, an error) as JSON. */
export const json = (x: unknown): string => JSON.stringify(x) ?? 'null';

/**
 * A tensor as its statistics, {"shape", "elements", "min", "max", "mean"}: what --json gives for
 * one too large to list (a VGG activation is 6.5 million numbers, over 100 MB of text). Four
 * elements a step, in order (the same comparisons and the same sum, so the same bits): the VGG
 * example's 54 million values and gradients took 234 ms one at a time, the sum's chain of
 * additions being the floor.
 */
function writeSummary(sink: Sink, { shape, data }: Tensor): void {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const n = data.length;
  const whole = n - (n % 4);
  for (let i = 0; i < whole; i += 4) {
    const a = data[i];
    const b = data[i + 1];
    const c = data[i + 2];
    const d = data[i + 3];
    sum += a;
    sum += b;
    sum += c;
    sum += d;
    if (a < min) min = a;
    if (a > max) max = a;
    if (b < min) min = b;
    if (b > max) max = b;
    if (c < min) min = c;
    if (c > max) max = c;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  for (let i = whole; i < n; i++) {
    const x = data[i];
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  sink.write(
    `{"shape":${json(shape)},"elements":${data.length},"min":${number(min)},"max":${number(max)},"mean":${number(sum / data.length)}}`,
  );
}

/**
 * Writes a value as JSON: a number, a tensor with over `limit` elements as its summary
 * ({@link writeSummary}), any other tensor as nested arrays written one innermost row at a
 * time (a 64×320×320 activation is 6.5 million numbers, far more than one string may hold),
 * or null when nothing was computed. The same text as JSON.stringify(toNested(v)).
 */
export function writeValue(sink: Sink, v: Value | undefined, limit = Infinity): void {
  if (v === undefined) return sink.write('null');
  if (typeof v === 'number') return sink.write(number(v));
  if (v.data.length > limit) return writeSummary(sink, v);
  const { shape, data } = v;
  if (shape.length === 0) return sink.write(number(data[0]));
  const width = shape[shape.length - 1];
  const rows = width ? data.length / width : 0;
  // blockRows[d]: how many innermost rows one element of dimension d spans (the last is 1).
  const blockRows = shape.slice(0, -1).map((_, d) => shape.slice(d + 1, -1).reduce((a, b) => a * b, 1));
  if (!rows) return sink.write(`${'['.repeat(shape.length)}${']'.repeat(shape.length)}`);
  for (let r = 0; r < rows; r++) {
    if (r === 0) sink.write('['.repeat(shape.length));
    else {
      const closing = blockRows.reduce((k, b) => k + (r % b === 0 ? 1 : 0), 0);
      sink.write(`${']'.repeat(closing)},${'['.repeat(closing)}`);
    }
    const parts = new Array<string>(width);
    for (let i = 0; i < width; i++) parts[i] = number(data[r * width + i]);
    sink.write(parts.join(','));
  }
  sink.write(']'.repeat(shape.length));
}
