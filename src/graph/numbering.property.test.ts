import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scalarDocument, scalarSpec } from '../../bench/scalar-graph';
import { compile, type Plan } from './compile';
import { validateDocument } from './load';
import { referenceNumbering } from './order-reference';
import type { FunctionDef, GraphDocument, GraphNode } from './schema';

const FUNCTIONS: FunctionDef[] = [
  { name: 'g', args: ['x', 'y'], body: 'x * y + sin(x)' },
  { name: 'same', args: ['u'], body: 'u' },
  { name: 'k', args: ['a'], body: 'g(a, a) * 2' },
];

/** What a random node may be, with its input ports: scalar ops, calls (one of an undefined function), a variadic concat, a reduction. */
const KINDS: [op: string, ports: string[]][] = [
  ['add', ['a', 'b']],
  ['mul', ['a', 'b']],
  ['sub', ['a', 'b']],
  ['tanh', ['u']],
  ['exp', ['u']],
  ['pow', ['u']],
  ['call:g', ['x', 'y']],
  ['call:same', ['u']],
  ['call:k', ['a']],
  ['call:nope', ['x']],
  ['concat', ['x0', 'x1', 'x2']],
  ['sum', ['x']],
];

/**
 * A random document from a seed: up to 40 nodes on a coarse grid (so positions tie), wired mostly
 * from earlier nodes and now and then from later ones (cycles), some ports left open or given a
 * port constant, concats with an edge beyond their count, calls expanded or not; then nodes and
 * edges shuffled, so document order says nothing about the numbering.
 */
function randomDocument(seed: number): GraphDocument {
  let s = seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const below = (n: number) => Math.floor(rand() * n);
  const n = 2 + below(39);
  const nodes: GraphNode[] = [];
  const ports: string[][] = [];
  for (let i = 0; i < n; i++) {
    const position = { x: below(5) * 50, y: below(3) * 40 };
    const named = rand() < 0.1 ? { label: `L${i}` } : {};
    if (i < 2 || rand() < 0.2) {
      const value = rand() < 0.15 ? { shape: [2], data: [rand(), rand()] } : below(40) / 10 - 2;
      nodes.push({ id: `v${i}`, op: rand() < 0.8 ? 'input' : 'constant', value, position, ...named });
      ports.push([]);
      continue;
    }
    const [kind, names] = KINDS[below(KINDS.length)];
    const node: GraphNode = { id: `v${i}`, op: kind, position, ...named };
    let used = names;
    if (kind.startsWith('call:')) Object.assign(node, { op: 'call', params: { fn: kind.slice(5) }, expanded: rand() < 0.6 });
    else if (kind === 'pow') node.params = { c: 2 };
    else if (kind === 'concat') {
      node.params = { count: 2, dim: 0 };
      if (rand() < 0.8) used = names.slice(0, 2);
    }
    nodes.push(node);
    ports.push(used);
  }
  const edges: GraphDocument['edges'] = [];
  nodes.forEach((node, i) => {
    for (const port of ports[i]) {
      const r = rand();
      if (r < 0.08) continue;
      if (r < 0.16 && !['concat', 'sum'].includes(node.op)) node.constants = { ...node.constants, [port]: below(60) / 10 - 3 };
      else edges.push({ source: `v${r < 0.2 ? below(n) : below(i)}`, target: node.id, port });
    }
  });
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = below(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  const doc: GraphDocument = {
    format: 'backprop-studio.graph',
    version: 2,
    nodes: shuffle(nodes),
    edges: shuffle(edges),
    functions: FUNCTIONS,
  };
  if (rand() < 0.3) doc.output = nodes[below(n)].id;
  return doc;
}

/** The plan's numbering and wiring agree with the plain rule, and the flat and per-node views of the wiring with each other. */
function expectNumbering(plan: Plan, doc: GraphDocument): void {
  const ref = referenceNumbering(doc, plan.functions);
  expect(plan.ids).toEqual(ref.ids);
  expect(plan.labels.slice(0, plan.n)).toEqual(plan.nodes.map((nd, k) => nd.label ?? `f${k + 1}`));
  expect(plan.inputs).toEqual(ref.inputs);
  expect(Array.from(plan.inputFrom)).toEqual(ref.inputs.flat());
  expect(plan.ports.map((p) => p.length)).toEqual(ref.inputs.map((ins) => ins.length));
  expect(plan.index.size).toBe(ref.index.size);
  expect([...plan.index]).toEqual([...ref.index]);
  for (const [id, k] of ref.index) expect(plan.index.get(id), id).toBe(k);
  expect(plan.index.get('no such node')).toBeUndefined();
  const readers = ref.ids.map(() => [] as { node: number; port: string; slot: number }[]);
  ref.inputs.forEach((ins, k) =>
    ins.forEach((src, j) => src >= 0 && src < plan.n && readers[src].push({ node: k, port: plan.ports[k][j].name, slot: j })),
  );
  expect(plan.consumers).toEqual(readers);
}

describe('property: compile numbers a document as the plain rule does', () => {
  it('on 400 random documents: cycles, ties in position, port constants, variadic ports, expanded and collapsed calls', () => {
    const seen = { expanded: 0, cycle: 0, constants: 0, valid: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const raw = randomDocument(seed);
        const loaded = validateDocument(JSON.parse(JSON.stringify(raw)));
        const doc = loaded.ok ? loaded.doc : raw;
        const plan = compile(doc);
        expectNumbering(plan, doc);
        seen.valid += loaded.ok ? 1 : 0;
        seen.expanded += plan.inside.some((c) => c !== null) ? 1 : 0;
        seen.cycle += plan.issues.some((p) => p?.code === 'cycle') ? 1 : 0;
        seen.constants += plan.constants.length ? 1 : 0;
      }),
      { numRuns: 400, seed: 20261130 },
    );
    // The cases the documents were drawn to cover did come up.
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(40);
  });

  it('on the 20,000-node scalar bench graph, whose edge ids are fresh strings', () => {
    const doc = scalarDocument(scalarSpec(20000));
    expectNumbering(compile(doc), doc);
  });
});
