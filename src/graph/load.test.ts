import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPS } from '../ops/registry';
import { MAX_DEPTH, MAX_META_VALUES } from './limits';
import { parseDocument, serializeDocument, validateDocument } from './load';

const p1Text = readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8');
const p1 = () => JSON.parse(p1Text);

function issuesOf(doc: unknown): string[] {
  const r = validateDocument(doc);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('loading documents', () => {
  it('round-trips: parse → serialize → parse gives the same document', () => {
    const r = parseDocument(p1Text);
    if (!r.ok) throw new Error('P1 should load');
    const again = parseDocument(serializeDocument(r.doc));
    expect(again).toEqual(r);
  });

  it('never mutates its input', () => {
    const raw = p1();
    const before = JSON.stringify(raw);
    validateDocument(raw);
    expect(JSON.stringify(raw)).toBe(before);
  });

  it("reports broken JSON with the parser's reason", () => {
    const r = parseDocument('{"format": "backprop-studio.graph", ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toMatch(/^not valid JSON/);
  });

  it('rejects anything that is not a graph document', () => {
    expect(issuesOf([1, 2])).toEqual(['(document): must be a graph document (a JSON object), got an array of 2']);
    expect(issuesOf(null)).toEqual(['(document): must be a graph document (a JSON object), got null']);
    expect(issuesOf({ ...p1(), format: 'other' })).toEqual([
      'format: must be "backprop-studio.graph" (the mark of a Backprop Studio graph), got the string "other"',
    ]);
    expect(issuesOf({ ...p1(), format: undefined })).toEqual([
      'format: missing; must be "backprop-studio.graph" (the mark of a Backprop Studio graph)',
    ]);
  });

  it('rejects an unsupported version, naming what this build reads', () => {
    expect(issuesOf({ ...p1(), version: 7 })).toEqual(['version: unsupported version 7 (this build reads versions 1 to 2)']);
  });

  it('names the JSON path of a wrong value type', () => {
    const doc = p1();
    doc.nodes[0].value = 'two';
    expect(issuesOf(doc).join('\n')).toMatch(/^nodes\[0\]\.value: /m);
    const doc2 = p1();
    doc2.nodes[2].position.x = null;
    expect(issuesOf(doc2).join('\n')).toMatch(/nodes\[2\]\.position\.x/);
  });

  it('reports an unknown op', () => {
    const doc = p1();
    doc.nodes[3].op = 'frobnicate';
    expect(issuesOf(doc)).toContain(
      `nodes[3].op: unknown op "frobnicate"; known ops: input, constant, add, sub, mul, div, neg, scale, addConst, pow, … (${OPS.length} in all)`,
    );
  });

  it('reports a duplicate id', () => {
    const doc = p1();
    doc.nodes[1].id = 'x';
    expect(issuesOf(doc)).toContain('nodes[1].id: duplicate id "x" (also nodes[0])');
  });

  it('reports a dangling edge and a missing port', () => {
    const doc = p1();
    doc.edges[0].source = 'ghost';
    doc.edges[1].port = 'c';
    const issues = issuesOf(doc);
    expect(issues).toContain('edges[0].source: dangling edge: no node "ghost"');
    expect(issues).toContain('edges[1].port: op "add" of node "add" has no input port "c" (ports: "a", "b")');
  });

  it('reports two edges into one port', () => {
    const doc = p1();
    doc.edges.push({ source: 'z', target: 'add', port: 'a' });
    expect(issuesOf(doc)).toContain('edges[6]: input "a" of node "add" is already connected (edges[1])');
  });

  it('checks parameters against the op', () => {
    const doc = p1();
    doc.nodes[5].params = { c: 'two', k: 3 };
    expect(issuesOf(doc)).toEqual(
      expect.arrayContaining(['nodes[5].params.c: must be a number', 'nodes[5].params.k: op "expBase" has no parameter "k"']),
    );
  });

  it('requires a value on inputs and refuses one on ops', () => {
    const doc = p1();
    delete doc.nodes[0].value;
    doc.nodes[3].value = 4;
    expect(issuesOf(doc)).toEqual(
      expect.arrayContaining([
        'nodes[0].value: input "x" needs a value',
        'nodes[3].value: only input and constant nodes carry a value, not "neg"',
      ]),
    );
  });

  it('checks that tensor data matches its shape', () => {
    const doc = p1();
    doc.nodes[0].value = { shape: [2, 2], data: [1, 2, 3] };
    expect(issuesOf(doc)).toContain('nodes[0].value.data: must hold 4 numbers for shape 2×2, got 3');
  });

  it('reports an output that names no node', () => {
    expect(issuesOf({ ...p1(), output: 'nope' })).toEqual(['output: no node "nope"']);
  });

  it('reads a file that starts with a UTF-8 byte-order mark', () => {
    const r = parseDocument(`\uFEFF${p1Text}`);
    expect(r).toEqual(parseDocument(p1Text));
    expect(r.ok).toBe(true);
  });
});

/** The document's text with `inner` spliced in where `"@"` stands in `doc`. */
const withText = (doc: object, inner: string): string => JSON.stringify(doc).replace('"@"', inner);
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('deeply nested values', () => {
  it('100,000 levels in meta or expected: one issue naming the path, no stack overflow', () => {
    const inMeta = parseDocument(withText({ ...p1(), meta: { notes: '@' } }, nested(100_000)));
    expect(inMeta).toEqual({
      ok: false,
      issues: [
        { path: 'meta.notes[0][0][0][0][0][0]…', message: `nests deeper than ${MAX_DEPTH} levels, the limit for any value in a document` },
      ],
    });
    const inExpected = parseDocument(withText({ ...p1(), expected: { nodes: { x: { value: '@' } } } }, nested(100_000)));
    expect(inExpected).toEqual({
      ok: false,
      issues: [
        {
          path: 'expected.nodes.x.value[0][0][0][0]…',
          message: `nests deeper than ${MAX_DEPTH} levels, the limit for any value in a document`,
        },
      ],
    });
  });

  it('the limit is exact: meta may nest down to level 64 of the document and not one more', () => {
    // The document is level 1, meta level 2, meta.notes level 3: 62 arrays end at level 64.
    expect(parseDocument(withText({ ...p1(), meta: { notes: '@' } }, nested(MAX_DEPTH - 2))).ok).toBe(true);
    const over = parseDocument(withText({ ...p1(), meta: { notes: '@' } }, nested(MAX_DEPTH - 1)));
    expect(!over.ok && over.issues.map((i) => i.message)).toEqual([
      `nests deeper than ${MAX_DEPTH} levels, the limit for any value in a document`,
    ]);
  });

  it('deep objects are caught as well as deep arrays', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const r = parseDocument(withText({ ...p1(), meta: { notes: '@' } }, deep));
    expect(!r.ok && r.issues[0].path).toBe('meta.notes.a.a.a.a.a.a…');
  });

  it('a loaded document with deep meta still serializes (the stack is never at risk after loading)', () => {
    const r = parseDocument(withText({ ...p1(), meta: { notes: '@' } }, nested(MAX_DEPTH - 2)));
    if (!r.ok) throw new Error('should load');
    expect(parseDocument(serializeDocument(r.doc))).toEqual(r);
  });

  it('meta holds at most MAX_META_VALUES values', () => {
    // meta itself, the array and its elements: MAX_META_VALUES values exactly, then one more.
    expect(validateDocument({ ...p1(), meta: { big: new Array(MAX_META_VALUES - 2).fill(0) } }).ok).toBe(true);
    expect(issuesOf({ ...p1(), meta: { big: new Array(MAX_META_VALUES - 1).fill(0) } })).toEqual([
      'meta: holds more than 2,000,000 values, the limit for free-form data',
    ]);
  });
});
