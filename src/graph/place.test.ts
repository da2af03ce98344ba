import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { checkExpected, countExpected, needsValues } from './fixture';
import { layoutPositions } from './layout';
import { parseDocument, serializeDocument } from './load';
import type { GraphDocument } from './schema';

const EXAMPLES = 'public/examples';
const load = (text: string): GraphDocument => {
  const r = parseDocument(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
};
/** The file's JSON with every node's position (and the view) taken out, as a script might write it. */
const unplaced = (text: string): string => {
  const raw = JSON.parse(text) as { nodes: { position?: unknown }[]; view?: unknown };
  for (const n of raw.nodes) delete n.position;
  delete raw.view;
  return JSON.stringify(raw);
};
/** A small graph as a script writes it: ids, ops and edges, no positions. */
const script = {
  format: 'backprop-studio.graph',
  version: 1,
  nodes: [
    { id: 'x', op: 'input', value: 2 },
    { id: 'y', op: 'input', value: 5 },
    { id: 'm', op: 'mul' },
    { id: 'e', op: 'exp' },
  ],
  edges: [
    { source: 'x', target: 'm', port: 'a' },
    { source: 'y', target: 'm', port: 'b' },
    { source: 'm', target: 'e', port: 'u' },
  ],
  output: 'e',
};

describe('documents without positions', () => {
  it('save, load and save again to the same text, whatever fields follow the position (F3 with its call unplaced)', () => {
    // Found by the document fuzzer: an expanded call without a position came back with `expanded` before `position`.
    const raw = JSON.parse(readFileSync(join(EXAMPLES, 'f3-gelu-tanh.json'), 'utf8')) as { nodes: { id: string; position?: unknown }[] };
    const call = raw.nodes.find((n) => n.id === 'act');
    if (!call) throw new Error('F3 has no call act');
    delete call.position;
    const once = serializeDocument(load(JSON.stringify(raw)));
    expect(serializeDocument(load(once))).toBe(once);
    expect(Object.keys(load(once).nodes.find((n) => n.id === 'act') ?? {})).toEqual(['id', 'op', 'params', 'position', 'expanded']);
  });

  it('load, each node placed where the layered layout puts it, and evaluate', () => {
    const doc = load(JSON.stringify(script));
    expect(doc.nodes.map((n) => n.position)).toEqual(layoutPositions(doc));
    // Inputs in the first column in document order, then one column per layer.
    expect(doc.nodes.map((n) => n.position.x)).toEqual([0, 0, 180, 360]);
    expect(doc.nodes[0].position.y).toBeLessThan(doc.nodes[1].position.y);
    const an = analyze(doc);
    expect(an.output?.value).toBeCloseTo(Math.exp(10), 6);
    expect(an.gradients).toEqual({ x: 5 * Math.exp(10), y: 2 * Math.exp(10) });
    expect(an.nodes.map((r) => `${r.label}=${r.id}`)).toEqual(['f1=x', 'f2=y', 'f3=m', 'f4=e']);
  });

  it('keep the positions the file gives and place only the others; saving writes every position', () => {
    const raw = structuredClone(script) as typeof script & { nodes: { position?: { x: number; y: number } }[] };
    raw.nodes[2].position = { x: 900, y: -40 };
    const doc = load(JSON.stringify(raw));
    expect(doc.nodes[2].position).toEqual({ x: 900, y: -40 });
    expect(doc.nodes[3].position).toEqual(layoutPositions(doc)[3]);
    const saved = JSON.parse(serializeDocument(doc)) as { nodes: { position: unknown }[] };
    expect(saved.nodes.every((n) => n.position !== undefined)).toBe(true);
  });

  it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')))(
    '%s without positions still matches its expected answers, which are keyed by id',
    (file) => {
      const doc = load(unplaced(readFileSync(join(EXAMPLES, file), 'utf8')));
      expect(countExpected(doc.expected)).toBeGreaterThan(0);
      expect(checkExpected(analyze(doc, { shapesOnly: !needsValues(doc.expected) }))).toEqual([]);
    },
  );
});
