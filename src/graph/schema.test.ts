import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { OPS } from '../ops/registry';
import { formatPath, parseDocument, validateDocument } from './load';
import { GraphDocumentSchema } from './schema';

const at = (x: number, y = 0) => ({ x, y });

/** A valid document with every field of the format filled in (the walk below holds it to that). */
const full = () => ({
  format: 'backprop-studio.graph',
  version: 1,
  title: 'Every field',
  description: 'A document that uses every field of the format.',
  nodes: [
    { id: 'x', op: 'input', name: 'x', label: 'x', params: { trainable: true }, position: at(0), value: 2 },
    { id: 'w', op: 'input', position: at(0, 100), value: { shape: [2], data: [1, 2] } },
    { id: 'b', op: 'input', position: at(0, 200), value: { shape: [2], init: 'constant', seed: 1, scale: 0.5 } },
    { id: 'p', op: 'mul', position: at(200) },
    { id: 's', op: 'sum', position: at(400) },
    { id: 'f', op: 'mul', position: at(600) },
    { id: 'c', op: 'call', params: { fn: 'swish' }, position: at(0, 300), constants: { u: 0.5 }, expanded: true },
  ],
  functions: [{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }],
  edges: [
    { id: 'e1', source: 'w', target: 'p', port: 'a' },
    { source: 'b', target: 'p', port: 'b' },
    { source: 'p', target: 's', port: 'x' },
    { source: 's', target: 'f', port: 'a' },
    { source: 'x', target: 'f', port: 'b' },
  ],
  output: 'f',
  expected: {
    tol: 1e-9,
    output: 3,
    nodes: {
      p: {
        value: [0.5, 1],
        grad: [[2, 2]],
        shape: [2],
        params: 0,
        memoryKB: 0.0078125,
        macs: 0,
        exact: { value: '1/2', grad: '2' },
        tol: 1e-6,
      },
    },
    gradients: { x: 1.5 },
    totals: { params: 0, macs: 0, memoryKB: 0.01 },
    step: { lr: 0.1, mean: false, batch: 1, lossBefore: 3, lossAfter: 2.775, params: { x: 1.85 } },
  },
  view: { x: 0, y: 0, zoom: 1 },
  mode: 'eval',
  meta: { exam: { blanks: ['f4'] } },
  training: {
    optimizer: {
      name: 'adam',
      lr: 0.01,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weightDecay: 0,
      alpha: 0.99,
      eps: 1e-8,
      centered: false,
      lrDecay: 0,
      initialAccumulatorValue: 0,
      betas: [0.9, 0.999],
      amsgrad: true,
    },
    schedules: [{ name: 'linear', stepSize: 1, gamma: 0.5, tMax: 10, etaMin: 0, startFactor: 0.5, endFactor: 1, totalIters: 3 }],
    data: { inputs: ['w'], batchSize: 1, seed: 0, source: 'digits', fields: ['images'], heldOut: 0, splitSeed: 1 },
    steps: 1,
    lr: 0.005,
    state: {
      x: { step: 1, momentumBuffer: [0], expAvg: [0.1], expAvgSq: [0.01], maxExpAvgSq: [0.01], squareAvg: [0], gradAvg: [0], sum: [0] },
    },
  },
});

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const defOf = (s: unknown): Def => (s as z.core.$ZodType)._zod.def as Def;

/** One field of the format: its path (`[]` for any index, `*` for any key), whether it may be absent, and whether a union holds it. */
interface Field {
  readonly path: readonly string[];
  readonly optional: boolean;
  readonly container: boolean;
}

/**
 * Every field of the zod schema, and every schema node or check that could raise an issue without
 * a message of ours (zod's generic "Invalid input"). A field added to the format shows up here.
 */
function walk(schema: unknown): { fields: Field[]; unworded: string[] } {
  const fields: Field[] = [];
  const unworded: string[] = [];
  const seen = new Set<unknown>();
  const visit = (s: unknown, path: string[], optional: boolean): void => {
    const def = defOf(s);
    if (def.type === 'optional') return visit(def.innerType, path, true);
    // The lazy schema's own cached inner type: calling def.getter() would build a new one each time.
    if (def.type === 'lazy') return visit((s as { _zod: { innerType: unknown } })._zod.innerType, path, optional);
    if (def.type === 'pipe') return visit(def.out, path, optional);
    if (seen.has(s)) return;
    seen.add(s);
    const where = path.join('.') || '(document)';
    if (def.type !== 'unknown' && def.type !== 'transform' && !def.error) unworded.push(`${where} (${def.type})`);
    // An overwrite rewrites the value and raises nothing; every other check can fail.
    for (const check of (def.checks ?? []) as unknown[])
      if (defOf(check).check !== 'overwrite' && !defOf(check).error) unworded.push(`${where} (${defOf(check).check})`);
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
          const childDef = defOf(child);
          const inner = childDef.type === 'optional' ? defOf(childDef.innerType) : childDef;
          fields.push({
            path: [...path, key],
            optional: childDef.type === 'optional',
            container: ['object', 'array', 'record', 'pipe'].includes(inner.type),
          });
          visit(child, [...path, key], false);
        }
        return;
      case 'array':
        return visit(def.element, [...path, '[]'], false);
      case 'record':
        return visit(def.valueType, [...path, '*'], false);
      case 'union':
        for (const option of def.options as unknown[]) visit(option, path, optional);
        return;
    }
  };
  visit(schema, [], false);
  return { fields, unworded };
}

/** The places in `doc` that a field's path names, as concrete paths. */
function locate(doc: unknown, pattern: readonly string[]): (string | number)[][] {
  let found: { value: unknown; path: (string | number)[] }[] = [{ value: doc, path: [] }];
  for (const seg of pattern) {
    found = found.flatMap(({ value, path }) => {
      if (typeof value !== 'object' || value === null) return [];
      if (seg === '[]') return Array.isArray(value) ? value.map((v, i) => ({ value: v, path: [...path, i] })) : [];
      if (seg === '*') return Array.isArray(value) ? [] : Object.entries(value).map(([k, v]) => ({ value: v, path: [...path, k] }));
      return !Array.isArray(value) && seg in value ? [{ value: (value as Record<string, unknown>)[seg], path: [...path, seg] }] : [];
    });
  }
  return found.map((f) => f.path);
}

/** A copy of `doc` with the value at `path` replaced, or deleted when `value` is undefined. */
function edit(doc: object, path: readonly (string | number)[], value: unknown): object {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  if (value === undefined) delete parent[path[path.length - 1]];
  else parent[path[path.length - 1]] = value;
  return copy;
}

const issuesOf = (doc: unknown) => {
  const r = validateDocument(doc);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

/** zod's own wordings, none of which may reach a user. */
const GENERIC = /Invalid input|Invalid option|Too (big|small)|expected \w+, received|Unrecognized key/;

describe('schema messages', () => {
  const { fields, unworded } = walk(GraphDocumentSchema);

  it('the full document is valid, and every check of the schema has a message of ours', () => {
    expect(issuesOf(full())).toEqual([]);
    expect(unworded).toEqual([]);
    expect(fields.length).toBeGreaterThan(50);
  });

  it.each(walk(GraphDocumentSchema).fields.map((f) => [f.path.join('.'), f] as const))(
    '%s: present in the full document; a wrong type or its absence is named with what is expected',
    (_, field) => {
      const doc = full();
      const places = locate(doc, field.path);
      expect(places.length, `add ${field.path.join('.')} to full()`).toBeGreaterThan(0);
      const place = places[0];
      const where = formatPath(place);
      if (field.path[0] === 'format' || field.path[0] === 'version') return; // checked before the schema, in load.test.ts

      const wrong = issuesOf(edit(doc, place, field.container ? 'wrong' : { wrong: true }));
      expect(wrong).toHaveLength(1);
      expect(wrong[0]).toMatch(new RegExp(`^${escape(where)}(\\.\\w+)?: must be .+, got (the string "wrong"|an object)$`));
      expect(wrong[0]).not.toMatch(GENERIC);

      const without = issuesOf(edit(doc, place, undefined));
      // An optional field may still be needed by the graph (an input's value), which the reference check says.
      const needed: Record<string, string[]> = {
        'nodes.[].value': ['nodes[0].value: input "x" needs a value'],
        functions: ['nodes[6].params.fn: no function "swish" (the document defines none)'],
      };
      if (field.optional) expect(without).toEqual(needed[field.path.join('.')] ?? []);
      else {
        expect(without).toHaveLength(1);
        // A field of one form of a union (a tensor's data) may leave the value matching no form at all.
        expect(without[0]).toMatch(
          new RegExp(
            `^(${escape(where)}: missing; must be .+|${escape(formatPath(place.slice(0, -1)))}: must be .+ or .+, got an object)$`,
          ),
        );
      }
    },
  );
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The document P1-like minimal graph with `value` as the input's value. */
const withValue = (value: string) =>
  `{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"x","op":"input","position":{"x":0,"y":0},"value":${value}}],"edges":[]}`;

describe('the messages the hostile-input review found vague', () => {
  const SHAPE = 'must be a shape: at most 6 dimensions, each a positive integer';
  const VALUE = 'must be a finite number, a tensor { "shape", "data" } or an initializer { "shape", "init" }';
  it.each([
    ['"2"', `nodes[0].value: ${VALUE}, got the string "2"`],
    ['null', `nodes[0].value: ${VALUE}, got null`],
    ['true', `nodes[0].value: ${VALUE}, got true`],
    ['1e309', 'nodes[0].value: must be a finite number, got Infinity (JSON reads numbers beyond ±1.8e308, such as 1e309, as infinite)'],
    ['-1e309', 'nodes[0].value: must be a finite number, got -Infinity (JSON reads numbers beyond ±1.8e308, such as 1e309, as infinite)'],
    ['{"shape":[1,1,1,1,1,1,1],"data":[1]}', `nodes[0].value.shape: ${SHAPE}, got an array of 7`],
    ['{"shape":[1.5],"data":[1]}', `nodes[0].value.shape[0]: ${SHAPE}, got 1.5`],
    ['{"shape":[2,-1],"data":[]}', `nodes[0].value.shape[1]: ${SHAPE}, got -1`],
    ['{"shape":[0],"data":[]}', `nodes[0].value.shape[0]: ${SHAPE}, got 0`],
    ['{"shape":[2,3],"data":[1,2,3,4,5]}', 'nodes[0].value.data: must hold 6 numbers for shape 2×3, got 5'],
    ['{"shape":[2],"data":[1,"2"]}', 'nodes[0].value.data[1]: must be a finite number, got the string "2"'],
    [
      '{"shape":[2],"init":"gaussian"}',
      'nodes[0].value.init: must be an initializer: "zeros", "constant", "uniform", "normal", "xavierUniform", "xavierNormal", "kaimingUniform", "kaimingNormal", got the string "gaussian"',
    ],
    ['{"shape":[2],"init":"zeros","seed":0.5}', 'nodes[0].value.seed: must be a seed: an integer, got 0.5'],
    ['{"shape":[2]}', `nodes[0].value: ${VALUE}, got an object`],
  ])('a value of %s', (value, message) => {
    const r = parseDocument(withValue(value));
    expect(!r.ok && r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([message]);
  });

  it.each([
    [
      'an unknown op, with the nearest name',
      (d: ReturnType<typeof full>) => (d.nodes[3].op = 'mull'),
      `nodes[3].op: unknown op "mull"; did you mean "mul"? known ops: input, constant, add, sub, mul, div, neg, scale, addConst, pow, … (${OPS.length} in all)`,
    ],
    [
      'an unknown op, nothing near',
      (d: ReturnType<typeof full>) => (d.nodes[3].op = 'frobnicate'),
      `nodes[3].op: unknown op "frobnicate"; known ops: input, constant, add, sub, mul, div, neg, scale, addConst, pow, … (${OPS.length} in all)`,
    ],
    [
      'a position that is a string',
      (d: ReturnType<typeof full>) => ((d.nodes[3] as { position: unknown }).position = 'left'),
      'nodes[3].position: must be an object { "x", "y" } of finite numbers, got the string "left"',
    ],
    [
      'an edge that is a number',
      (d: ReturnType<typeof full>) => ((d.edges as unknown[])[0] = 5),
      'edges[0]: must be an edge { "source", "target", "port" }, got 5',
    ],
    [
      'a nested expected value with a string',
      (d: ReturnType<typeof full>) => (d.expected.nodes.p.grad = [[2, 'x' as unknown as number]]),
      'expected.nodes.p.grad[0][1]: must be a finite number or a (nested) array of finite numbers, got the string "x"',
    ],
    [
      'a long parameter string',
      (d: ReturnType<typeof full>) => ((d.nodes[0].params as Record<string, unknown>).trainable = 'y'.repeat(300)),
      `nodes[0].params.trainable: must be a string of at most 200 characters, got the string "${'y'.repeat(40)}…" (300 characters)`,
    ],
    ['a zero zoom', (d: ReturnType<typeof full>) => (d.view.zoom = 0), 'view.zoom: must be a zoom factor: a finite number > 0, got 0'],
  ])('%s', (_, change, message) => {
    const doc = full();
    change(doc);
    expect(issuesOf(doc)).toEqual([message]);
  });
});
