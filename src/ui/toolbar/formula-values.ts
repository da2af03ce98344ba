import { emptyRecord } from '../../graph/records';

/** Reads "x=2, y=1, z=-3" (commas, semicolons or spaces between) into values by name. */
export function parseValues(text: string): { ok: true; values: Record<string, number> } | { ok: false; message: string } {
  const values = emptyRecord<number>();
  const parts = text
    .split(/[,;]|\s+(?=[A-Za-z_][\w]*\s*=)/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const part of parts) {
    const m = /^([A-Za-z_]\w*)\s*=\s*(\S+)$/.exec(part);
    const v = m ? Number(m[2].replace(/\u2212/g, '-')) : NaN;
    if (!m || !Number.isFinite(v)) return { ok: false, message: `could not read "${part}": write name = number, e.g. x = 2` };
    values[m[1]] = v;
  }
  return { ok: true, values };
}
