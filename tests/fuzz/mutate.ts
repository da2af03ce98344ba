/**
 * Seeded mutations of graph documents for the hostile-input fuzz test: structural edits of the
 * parsed JSON (hostile strings, wrong types, deep nesting, reserved ids, rewired edges, other ops)
 * and byte-level edits of the text (truncation, stray characters, a byte-order mark).
 */
import { OPS } from '../../src/ops/registry';
import { hostileStrings, xorshift } from '../hostile-strings';

/** A seeded source of choices, on the hostile-string tests' xorshift. */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = xorshift(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** Strings an attacker would put in a label, title or id (the escaping tests' set), reserved names, and a long one. */
const HOSTILE: readonly string[] = [
  ...hostileStrings(9, 120, '/tmp/backprop-fuzz-PWNED'),
  '${process.exit(1)}',
  '=HYPERLINK("http://x")',
  '__proto__',
  'constructor',
  'toString',
  '',
  ' ',
  'x'.repeat(20_000),
];

const SCALARS: readonly unknown[] = [null, true, false, 0, -1, -0, 2.5, 1e308, -1e-300, 5e-324, '', '2', [], {}, [1, 2], [[1]], { a: 1 }];

type Json = unknown;

/** Fields meant for people's text, where any string is legal: hostile strings there must reach the exporters. */
const TEXT_FIELDS = new Set(['title', 'description', 'label', 'name', 'id', 'output', 'source', 'target']);
type Slot = { parent: Record<string, Json> | Json[]; key: string | number };

/** Every place in a JSON tree that holds a value (the root excluded), breadth first, bounded. */
function slots(root: Json, limit = 5000): Slot[] {
  const out: Slot[] = [];
  const queue: Json[] = [root];
  for (let q = 0; q < queue.length && out.length < limit; q++) {
    const v = queue[q];
    if (Array.isArray(v))
      v.forEach((c, i) => {
        out.push({ parent: v, key: i });
        queue.push(c);
      });
    else if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        out.push({ parent: v as Record<string, Json>, key: k });
        queue.push(c);
      }
    }
  }
  return out;
}

const get = (s: Slot): Json => (s.parent as Record<string | number, Json>)[s.key];
function set(s: Slot, v: Json): void {
  (s.parent as Record<string | number, Json>)[s.key] = v;
}

/** Stands in for deeply nested JSON until the text is written (JSON.stringify itself recurses). */
const DEEP = (depth: number) => `\u0000deep:${depth}\u0000`;
const nestedText = (depth: number): string => '[{"a":'.repeat(depth) + '1' + '}]'.repeat(depth);

/** The objects in one of the document's arrays (`nodes`, `edges`), whatever else a mutation left there. */
const objectsIn = (doc: Json, key: 'nodes' | 'edges'): Record<string, Json>[] => {
  const a = (doc as Record<string, unknown>)[key];
  return Array.isArray(a) ? a.filter((x): x is Record<string, Json> => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
};

/** One structural mutation of the parsed document, in place. Returns its name (for the counts). */
function mutateTree(doc: Json, rng: Rng): string {
  const all = slots(doc);
  const nodes = objectsIn(doc, 'nodes');
  const edges = objectsIn(doc, 'edges');
  // Strings and numbers weigh more: those mutants mostly load, so they reach every exporter.
  switch (rng.pick([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 9])) {
    case 0: {
      const anyString = all.filter((s) => typeof get(s) === 'string');
      const text = anyString.filter((s) => TEXT_FIELDS.has(String(s.key)));
      const strings = text.length && rng.next() < 0.7 ? text : anyString;
      if (!strings.length) return 'none';
      const s = rng.pick(strings);
      set(s, rng.next() < 0.5 ? rng.pick(HOSTILE) : `${String(get(s))}${rng.pick(HOSTILE)}`);
      return 'hostile-string';
    }
    case 1: {
      if (!all.length) return 'none';
      set(rng.pick(all), rng.pick(SCALARS));
      return 'wrong-type';
    }
    case 2: {
      const keyed = all.filter((s) => !Array.isArray(s.parent));
      if (!keyed.length) return 'none';
      const s = rng.pick(keyed);
      delete (s.parent as Record<string, Json>)[s.key as string];
      return 'delete-key';
    }
    case 3: {
      const arrays = all.map(get).filter((v): v is Json[] => Array.isArray(v) && v.length > 0);
      if (!arrays.length) return 'none';
      const a = rng.pick(arrays);
      const i = rng.int(a.length);
      if (rng.next() < 0.5) a.splice(i, 0, structuredClone(a[i]));
      else a.splice(i, 1);
      return 'array-edit';
    }
    case 4: {
      if (!nodes.length) return 'none';
      rng.pick(nodes).op = rng.pick(OPS).type;
      return 'other-op';
    }
    case 5: {
      if (!edges.length || !nodes.length) return 'none';
      const e = rng.pick(edges);
      e[rng.next() < 0.5 ? 'source' : 'target'] = rng.pick(nodes).id;
      return 'rewire';
    }
    case 6: {
      if (!nodes.length) return 'none';
      const n = rng.pick(nodes);
      const old = n.id;
      const id = rng.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']);
      n.id = id;
      for (const e of edges) {
        if (e.source === old) e.source = id;
        if (e.target === old) e.target = id;
      }
      if ((doc as { output?: unknown }).output === old) (doc as { output: Json }).output = id;
      return 'reserved-id';
    }
    case 7: {
      const holders = all.filter((s) => {
        const v = get(s);
        return !!v && typeof v === 'object';
      });
      if (!holders.length) return 'none';
      set(rng.pick(holders), DEEP(rng.pick([30, 300, 3000, 100_000])));
      return 'deep-nesting';
    }
    case 8: {
      const numbers = all.filter((s) => typeof get(s) === 'number');
      if (!numbers.length) return 'none';
      set(rng.pick(numbers), rng.pick([0, -0, -1, 1e-320, 1e300, -1e300, 1e6, 0.5, -2.5, 7]));
      return 'number';
    }
    default: {
      if (nodes.length < 2) return 'none';
      const [a, b] = [rng.pick(nodes), rng.pick(nodes)];
      const list = (doc as Record<string, unknown>).edges;
      if (!Array.isArray(list)) return 'none';
      list.push({ source: a.id, target: b.id, port: rng.pick(['a', 'b', 'x', 'input', 'weight', '__proto__']) });
      return 'add-edge';
    }
  }
}

/** One byte-level mutation of the text. */
function mutateText(text: string, rng: Rng): { text: string; kind: string } {
  const at = rng.int(text.length + 1);
  switch (rng.int(4)) {
    case 0:
      return { text: text.slice(0, at), kind: 'truncate' };
    case 1:
      return {
        text: text.slice(0, at) + rng.pick(['"', '{', ']', ',', '\\', '\u0000', '\ud800', 'NaN', '1e309']) + text.slice(at),
        kind: 'insert-char',
      };
    case 2:
      return { text: `\ufeff${text}`, kind: 'bom' };
    default:
      return { text: text.replace(/"value": (-?[0-9.]+)/, '"value": 1e309'), kind: 'overflow-number' };
  }
}

/** A mutant of the document text: one to three structural edits, sometimes a byte-level one on top. */
export function mutant(original: string, rng: Rng): { text: string; kinds: string[] } {
  const doc = JSON.parse(original) as Json;
  const kinds: string[] = [];
  for (let i = 1 + rng.int(3); i > 0; i--) kinds.push(mutateTree(doc, rng));
  let text = JSON.stringify(doc, null, rng.next() < 0.5 ? 2 : undefined).replace(/"\\u0000deep:(\d+)\\u0000"/g, (_, d: string) =>
    nestedText(Number(d)),
  );
  if (rng.next() < 0.15) {
    const m = mutateText(text, rng);
    text = m.text;
    kinds.push(m.kind);
  }
  return { text, kinds };
}
