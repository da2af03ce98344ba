import { formatCount } from '../format/number';
import type { DocIssue } from './load';

/**
 * How deeply any value in a document may nest. The format itself needs about a dozen levels (a 6-D
 * expected tensor inside `expected.nodes.<id>.value`); free-form `meta` could hold any depth, and
 * zod, JSON.stringify, immer and structuredClone all recurse, so a 100,000-deep array would
 * overflow the call stack in any of them. Checking here, without recursion, keeps all of them safe.
 */
export const MAX_DEPTH = 64;
/** How many JSON values the free-form `meta` may hold: room for exam blanks on a 100,000-node graph. */
export const MAX_META_VALUES = 2_000_000;

interface Frame {
  readonly value: object;
  readonly key: string | number;
  readonly parent: Frame | null;
  readonly depth: number;
  readonly inMeta: boolean;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) path.push(f.key);
  return path.reverse();
}

/** A long path shown by its start: `meta.deep[0][0][0][0]…` says where; the rest is the same. */
function shortPath(path: readonly (string | number)[], format: (p: readonly PropertyKey[]) => string): string {
  return path.length > 8 ? `${format(path.slice(0, 8))}…` : format(path);
}

/**
 * The first place where a parsed document nests deeper than MAX_DEPTH, or where `meta` holds more
 * than MAX_META_VALUES values; null when it is within bounds. Iterative: it must not itself recurse.
 */
export function checkLimits(raw: unknown, format: (p: readonly PropertyKey[]) => string): DocIssue | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const stack: Frame[] = [{ value: raw, key: '', parent: null, depth: 1, inMeta: false }];
  let metaValues = 0;
  while (stack.length) {
    const frame = stack.pop() as Frame;
    if (frame.depth > MAX_DEPTH) {
      return {
        path: shortPath(pathOf(frame), format),
        message: `nests deeper than ${MAX_DEPTH} levels, the limit for any value in a document`,
      };
    }
    const { value: container, depth } = frame;
    const keys: readonly (string | number)[] | null = Array.isArray(container) ? null : Object.keys(container);
    const count = keys ? keys.length : (container as unknown[]).length;
    for (let i = 0; i < count; i++) {
      const key = keys ? keys[i] : i;
      const value = (container as Record<string | number, unknown>)[key];
      const inMeta = frame.inMeta || (depth === 1 && key === 'meta');
      if (inMeta && ++metaValues > MAX_META_VALUES) {
        return { path: 'meta', message: `holds more than ${formatCount(MAX_META_VALUES)} values, the limit for free-form data` };
      }
      if (typeof value === 'object' && value !== null) stack.push({ value, key, parent: frame, depth: depth + 1, inMeta });
    }
  }
  return null;
}
