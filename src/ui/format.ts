import { format } from 'd3';
import type { Shape } from '../tensor/tensor';

const short = format('.4~g');
const integer = format(',d');
const si = format('.4~s');
const kilo = format(',.4~f');

/** About four significant digits, with a true minus sign: −4.159. */
export const fmt = (x: number): string => (Number.isFinite(x) ? short(x) : String(x));

/** 23,296 */
export const fmtInt = (x: number): string => integer(x);

/** 72.86M */
export const fmtSI = (x: number): string => (x < 1000 ? String(x) : si(x));

/** Bytes as kilobytes (1024 bytes), the exams' convention: 784 KB; under a kilobyte, in bytes. */
export const fmtKB = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : `${kilo(bytes / 1024)} KB`);

export const fmtShape = (s: Shape): string => (s.length === 0 ? 'scalar' : s.join('×'));

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
