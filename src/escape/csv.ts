/**
 * CSV (RFC 4180) for spreadsheets: quoting, and the formula-injection guard, so a label such as
 * `=HYPERLINK(...)` or `@SUM(...)` opens as text instead of running as a formula.
 */
import { wellFormed } from './text';

/** What a spreadsheet reads as the start of a formula (OWASP's list). */
const FORMULA = /^[=+\-@\t\r]/;

/**
 * One field. A number is written as it is, so negative numbers stay numbers; a string that a
 * spreadsheet would run as a formula gets a leading single quote; a field with a comma, quote or
 * line end is quoted with its quotes doubled.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = wellFormed(FORMULA.test(value) ? `'${value}` : value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Records with CRLF line ends, as RFC 4180 has them, the last one ended too. */
export const csvRecords = (rows: readonly (readonly (string | number)[])[]): string =>
  rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
