/** Reads a number typed by a person: accepts the true minus sign and surrounding spaces. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Reads a shape such as "2×3", "2, 3" or "3 x 227 x 227"; null when it is not one. */
export function parseShape(text: string): number[] | null {
  const t = text.trim();
  if (t === '' || t === 'scalar') return t === 'scalar' ? [] : null;
  const parts = t.split(/\s*[×x*,]\s*|\s+/i);
  if (parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}
