import { OPS } from '../ops/registry';
import type { OpDef, OpGroup } from '../ops/types';

export const GROUPS: readonly OpGroup[] = ['Inputs', 'Arithmetic', 'Activations', 'Tensor', 'Losses'];

/** The MIME type a palette item carries while dragged onto the canvas. */
export const OP_MIME = 'application/x-backprop-op';

function symbolOf(op: OpDef): string {
  try {
    return op.symbol(Object.fromEntries(op.params.map((p) => [p.name, p.default])));
  } catch {
    return '';
  }
}

export const opSymbol = symbolOf;

const haystack = new Map<OpDef, string>(
  OPS.map((op) => [op, [op.title, op.type, op.group, symbolOf(op), ...(op.keywords ?? [])].join(' ').toLowerCase()]),
);

/** Ops whose title, type, group, symbol or keywords contain every word of the query; best first. */
export function searchOps(query: string, ops: readonly OpDef[] = OPS): OpDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...ops];
  const q = words.join(' ');
  const rank = (op: OpDef) => (op.title.toLowerCase().startsWith(q) || op.type.toLowerCase().startsWith(q) ? 0 : 1);
  return ops
    .filter((op) => {
      const text = haystack.get(op) ?? op.title.toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => rank(a) - rank(b));
}

/** Ops by palette group, in registry order, leaving out empty groups. */
export function groupOps(ops: readonly OpDef[]): { group: OpGroup; ops: OpDef[] }[] {
  return GROUPS.map((group) => ({ group, ops: ops.filter((op) => op.group === group) })).filter((g) => g.ops.length > 0);
}
