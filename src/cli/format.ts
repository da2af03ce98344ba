import { formatCli } from '../format/number';
import { formatShape } from '../format/shape';
import type { Value } from '../tensor/tensor';

/** A tensor shows this many elements in full; a bigger one shows one fewer and an ellipsis. */
const SHOWN = 4;

/** A value for a table cell: a number, or `tensor 2×3 [1, 2, 3, …]`; "—" when there is none. */
export function formatValue(v: Value | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'number') return formatCli(v);
  if (v.shape.length === 0) return formatCli(v.data[0]);
  const n = v.data.length;
  const head = Array.from(v.data.subarray(0, n > SHOWN ? SHOWN - 1 : n), formatCli);
  return `tensor ${formatShape(v.shape)} [${head.join(', ')}${n > SHOWN ? ', …' : ''}]`;
}

const width = (s: string): number => [...s].length;

/** Left-aligned columns under a header and a rule, two spaces apart, no trailing spaces: one string per line. */
export function tableLines(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  // Loops, not Math.max(...rows): spreading 130,000 rows overflows the call stack.
  const widths = header.map((h, c) => rows.reduce((m, r) => Math.max(m, width(r[c] ?? '')), width(h)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell + ' '.repeat(widths[c] - width(cell)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
