export { parseNumber } from '../format/guess';

/** Reads a shape such as "2×3", "2, 3" or "3 x 227 x 227"; null when it is not one. */
export function parseShape(text: string): number[] | null {
  const t = text.trim();
  if (t === '' || t === 'scalar') return t === 'scalar' ? [] : null;
  const parts = t.split(/\s*[×x*,]\s*|\s+/i);
  if (parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}
