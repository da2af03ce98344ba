// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../graph/analyze';
import { forwardMode } from '../graph/forward';
import { parseDocument } from '../graph/load';
import { toDot } from './dot';
import { diagramOf } from './graph-text';
import { toMermaid } from './mermaid';

let gv: Graphviz;
beforeAll(async () => {
  gv = await Graphviz.load();
});

const p1 = (() => {
  const r = parseDocument(readFileSync('public/examples/p1-backprop.json', 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return analyze(r.doc);
})();

interface GvJson {
  objects: { name: string; label: string }[];
  edges: { tail: number; head: number; label: string }[];
}

/** P1's edges: the value f_i and gradient b_i of each source (the hand-worked answers), with the edge labels' minus sign. */
const P1_EDGES = [
  ['f2: y', 'f4: −x', 'f2 = 1, b2 = 4.159'],
  ['f1: x', 'f5: +', 'f1 = 2, b1 = −4.159'],
  ['f4: −x', 'f5: +', 'f4 = −1, b4 = −4.159'],
  ['f5: +', 'f6: 2^x', 'f5 = 1, b5 = −4.159'],
  ['f3: z', 'f7: ×', 'f3 = −3, b3 = 2'],
  ['f6: 2^x', 'f7: ×', 'f6 = 2, b6 = −3'],
];

describe('Graphviz DOT export', () => {
  it('P1 as Graphviz reads it: 7 boxes, and 6 edges labelled with the values and gradients of the exam', () => {
    const out = JSON.parse(gv.layout(toDot(diagramOf(p1)), 'json', 'dot')) as GvJson;
    expect(out.objects.map((o) => o.label)).toEqual(['f1: x', 'f2: y', 'f3: z', 'f4: −x', 'f5: +', 'f6: 2^x', 'f7: ×']);
    const name = (i: number) => out.objects[i].label;
    expect(out.edges.map((e) => [name(e.tail), name(e.head), e.label])).toEqual(P1_EDGES);
  });

  it('with forward mode, each edge also carries the tangent ḟ_i (here d/dx: ḟ6 = 2 ln 2 = 1.386)', () => {
    const fm = forwardMode(p1.evaluation, { node: 0 });
    const out = JSON.parse(gv.layout(toDot(diagramOf(p1, fm)), 'json', 'dot')) as GvJson;
    expect(out.edges.map((e) => e.label)).toContain('f6 = 2, b6 = −3, ḟ6 = 1.386');
  });
});

describe('Mermaid export', () => {
  it("P1 as Mermaid's parser reads it: the same 7 boxes and 6 labelled edges", async () => {
    const src = toMermaid(diagramOf(p1));
    await mermaid.parse(src);
    const db = (await mermaid.mermaidAPI.getDiagramFromText(src)).db as unknown as {
      getVertices(): Map<string, { text: string }>;
      getEdges(): { start: string; end: string; text: string }[];
    };
    const decode = (t: string) => t.replace(/ﬂ°°(\d+)¶ß/g, (_m, n: string) => String.fromCodePoint(Number(n)));
    const vertices = db.getVertices();
    const name = (id: string) => decode(vertices.get(id)?.text ?? '?');
    expect([...vertices.keys()].map(name)).toEqual(['f1: x', 'f2: y', 'f3: z', 'f4: −x', 'f5: +', 'f6: 2^x', 'f7: ×']);
    expect(db.getEdges().map((e) => [name(e.start), name(e.end), decode(e.text)])).toEqual(P1_EDGES);
  });
});
