import { readdirSync, readFileSync } from 'node:fs';
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { analyze, type Analysis } from '../graph/analyze';
import { createExactEngine } from '../exact/engine';
import { needsValues } from '../graph/fixture';
import { parseDocument } from '../graph/load';
import { layoutDiagram, type Diagram, type Rect } from './diagram';
import { LABEL_ASCENT, LABEL_DESCENT } from './items';

const EXAMPLES = new URL('../../public/examples/', import.meta.url);

/** An example analysed as `check` does: one that states only shapes and costs (a whole VGG) is not evaluated. */
function example(file: string): Analysis {
  const r = parseDocument(readFileSync(new URL(file, EXAMPLES), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return analyze(r.doc, { shapesOnly: !needsValues(r.doc.expected) });
}

const overlap = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Labels, nodes and tables: what must never cover one another on the page. */
function items(d: Diagram): { what: string; rect: Rect }[] {
  return [
    ...d.nodes.map((n) => ({ what: `node ${n.id}`, rect: n.rect })),
    ...d.labels.map((l) => ({
      what: `label ${l.key}`,
      rect: { x: l.x, y: l.baseline - LABEL_ASCENT, width: l.width, height: LABEL_ASCENT + LABEL_DESCENT },
    })),
    ...d.grids.map((g) => ({ what: `table ${g.node} ${g.of}`, rect: g.rect })),
  ];
}

function collisions(d: Diagram): string[] {
  const all = items(d);
  return all.flatMap((a, i) =>
    all
      .slice(i + 1)
      .filter((b) => overlap(a.rect, b.rect))
      .map((b) => `${a.what} × ${b.what}`),
  );
}

const B1_TO_B6 = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];

describe('layoutDiagram', () => {
  const p1 = example('p1-backprop.json');

  it('gives the student sheet and the answer key the same geometry', () => {
    const student = layoutDiagram(p1, { view: 'student', blanks: B1_TO_B6 });
    const key = layoutDiagram(p1, { view: 'answer', blanks: B1_TO_B6 });
    const geometry = (d: Diagram) => ({
      bounds: d.bounds,
      nodes: d.nodes,
      edges: d.edges,
      labels: d.labels.map(({ answer: _a, ...rest }) => rest),
    });
    expect(geometry(student)).toEqual(geometry(key));
    expect(student.labels.filter((l) => l.box).map((l) => l.answer)).toEqual(B1_TO_B6.map(() => null));
  });

  it('keeps the left-to-right and top-to-bottom order of the document', () => {
    const d = layoutDiagram(p1, { view: 'answer' });
    const docX = p1.plan.nodes.map((n) => n.position.x);
    const x = d.nodes.map((n) => n.rect.x + n.rect.width / 2);
    for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) if (docX[i] < docX[j]) expect(x[i]).toBeLessThan(x[j]);
  });

  it('puts f_i above and b_i below the edge leaving node i', () => {
    const d = layoutDiagram(p1, { view: 'answer' });
    p1.nodes.forEach((r, k) => {
      const y = d.nodes[k].rect.y + d.nodes[k].rect.height / 2;
      const f = d.labels.find((l) => l.key === `f${k + 1}`);
      const b = d.labels.find((l) => l.key === `b${k + 1}`);
      expect(f && f.baseline + LABEL_DESCENT).toBeLessThan(y);
      expect(b && b.baseline - LABEL_ASCENT).toBeGreaterThan(y);
      expect(d.edges.some((e) => e.from === r.id && e.start.y === y)).toBe(true);
    });
  });

  it('ends every edge with its arrow tip on its target and adds a stub after the output', () => {
    const d = layoutDiagram(p1, { view: 'answer' });
    expect(d.edges).toHaveLength(p1.doc.edges.length + 1);
    for (const e of d.edges.filter((e) => e.to !== null)) {
      const rect = d.nodes.find((n) => n.id === e.to)?.rect as Rect;
      const [tip] = e.arrow;
      expect(tip.x).toBeGreaterThanOrEqual(rect.x - 1e-9);
      expect(tip.x).toBeLessThanOrEqual(rect.x + rect.width / 2);
      expect(tip.y).toBeGreaterThan(rect.y);
      expect(tip.y).toBeLessThan(rect.y + rect.height);
    }
    expect(d.edges.filter((e) => e.to === null).map((e) => e.from)).toEqual(['mul']);
  });

  it('keeps everything inside its bounds', () => {
    const d = layoutDiagram(p1, { view: 'answer', blanks: B1_TO_B6 });
    const b = d.bounds;
    for (const { what, rect } of items(d)) {
      expect([
        what,
        rect.x >= b.x && rect.y >= b.y && rect.x + rect.width <= b.x + b.width && rect.y + rect.height <= b.y + b.height,
      ]).toEqual([what, true]);
    }
  });

  it('makes room for exact forms, which are wider than decimals', () => {
    const exact = createExactEngine(mathjs).exactValues(p1.plan, p1.evaluation);
    const d = layoutDiagram(p1, { view: 'answer', blanks: B1_TO_B6, answers: exact });
    expect(d.labels.find((l) => l.key === 'b1')?.answer?.text).toBe('-6 ln 2');
    expect(collisions(d)).toEqual([]);
  });

  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort();
  it.each(files)('lays out %s with no label, node or table covering another', (file) => {
    const an = example(file);
    const all = an.nodes.flatMap((r) => [`f${r.index + 1}`, `b${r.index + 1}`]);
    expect(collisions(layoutDiagram(an, { view: 'answer' }))).toEqual([]);
    expect(collisions(layoutDiagram(an, { view: 'answer', blanks: all }))).toEqual([]);
  });
});
