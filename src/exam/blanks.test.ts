import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { compile } from '../graph/compile';
import { parseDocument, serializeDocument } from '../graph/load';
import type { GraphDocument } from '../graph/schema';
import {
  blankAllBackward,
  blankAllForward,
  blankName,
  blankProblem,
  clearBlanks,
  parseBlank,
  readExam,
  toggleBlank,
  withBlanks,
} from './blanks';

function p1(): GraphDocument {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

const withMeta = (meta: Record<string, unknown>): GraphDocument => ({ ...p1(), meta });

describe('blank names', () => {
  it.each([
    ['f4', { kind: 'value', index: 3 }],
    ['b5', { kind: 'grad', index: 4 }],
    ['shape:conv1', { kind: 'shape', node: 'conv1' }],
    ['params:conv1', { kind: 'params', node: 'conv1' }],
    ['cell:O:value:5', { kind: 'cell', node: 'O', of: 'value', at: 5 }],
    ['cell:a:b:grad:0', { kind: 'cell', node: 'a:b', of: 'grad', at: 0 }],
  ])('reads %s and writes it back', (name, blank) => {
    expect(parseBlank(name)).toEqual(blank);
    expect(blankName(blank as never)).toBe(name);
  });

  it.each(['f0', 'f04', 'F4', 'x', '', 'b', 'shape:', 'cell:O:value:-1', 'cell:O:weight:1', 'cell::value:1'])('refuses %j', (name) => {
    expect(parseBlank(name)).toBeNull();
  });
});

describe('readExam', () => {
  it('reads no blanks from a document without meta', () => {
    expect(readExam(p1())).toEqual({ blanks: [] });
  });

  it.each([
    ['exam is a number', { exam: 5 }],
    ['exam is an array', { exam: ['f1'] }],
    ['exam is null', { exam: null }],
    ['blanks is a string', { exam: { blanks: 'f1,b1' } }],
    ['blanks is an object', { exam: { blanks: { f1: true } } }],
  ])('ignores junk: %s', (_what, meta) => {
    expect(readExam(withMeta(meta))).toEqual({ blanks: [] });
  });

  it('keeps the well-formed names of a list, once each, f before b before the rest', () => {
    const meta = { exam: { blanks: ['shape:neg', 1, null, 'b2', 'nope', 'f10', 'f2', { f: 1 }, 'b2', 'f3'] } };
    expect(readExam(withMeta(meta)).blanks).toEqual(['f2', 'f3', 'f10', 'b2', 'shape:neg']);
  });
});

describe('editing blanks', () => {
  it('toggles a blank on and off, giving back the original document', () => {
    const doc = p1();
    const before = serializeDocument(doc);
    const on = toggleBlank(doc, 'b1');
    expect(readExam(on).blanks).toEqual(['b1']);
    expect(on.meta).toEqual({ exam: { blanks: ['b1'] } });
    expect(toggleBlank(on, 'b1')).toEqual(doc);
    // Never mutates: the input serialises exactly as before.
    expect(serializeDocument(doc)).toBe(before);
  });

  it('ignores a malformed name', () => {
    const doc = p1();
    expect(toggleBlank(doc, 'f0')).toBe(doc);
  });

  it('keeps other meta and exam fields', () => {
    const doc = withMeta({ author: 'TA', exam: { blanks: ['f1'], points: 10 } });
    expect(toggleBlank(doc, 'b1').meta).toEqual({ author: 'TA', exam: { blanks: ['f1', 'b1'], points: 10 } });
    expect(clearBlanks(doc).meta).toEqual({ author: 'TA', exam: { points: 10 } });
  });

  it('replaces junk in meta.exam when editing', () => {
    expect(toggleBlank(withMeta({ exam: 'junk' }), 'f1').meta).toEqual({ exam: { blanks: ['f1'] } });
  });

  it('blanks every computed value f4..f7 of P1, keeping the blanks already there and the inputs x, y, z given', () => {
    const doc = blankAllForward(toggleBlank(p1(), 'b3'));
    expect(readExam(doc).blanks).toEqual(['f4', 'f5', 'f6', 'f7', 'b3']);
  });

  it('blanks the inputs f1..f3 too when asked', () => {
    const doc = blankAllForward(p1(), { inputs: true });
    expect(readExam(doc).blanks).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
  });

  it('blanks every gradient b1..b7 of P1', () => {
    expect(readExam(blankAllBackward(p1())).blanks).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']);
  });

  it('blanks no gradient for a node that does not reach the output', () => {
    // c is read by nobody and is not the output: the backward pass gives it nothing.
    const doc = graph(
      [inp('x', 2), ['sq', 'square'], ['c', 'neg']],
      [
        ['x', 'sq', 'u'],
        ['x', 'c', 'u'],
      ],
      'sq',
    );
    const numbering = compile(doc).ids;
    const blanks = readExam(blankAllBackward(doc)).blanks;
    expect(blanks.map((b) => numbering[Number(b.slice(1)) - 1])).toEqual(['x', 'sq']);
  });

  it('clears every blank and drops the empty exam', () => {
    const doc = p1();
    expect(clearBlanks(blankAllForward(doc))).toEqual(doc);
    expect(withBlanks(doc, [])).toEqual(doc);
  });
});

describe('blankProblem', () => {
  const plan = compile(p1());

  it('accepts blanks that fit P1', () => {
    for (const name of ['f1', 'f7', 'b1', 'b7', 'shape:neg', 'params:mul', 'cell:mul:value:0']) expect(blankProblem(name, plan)).toBeNull();
  });

  it.each([
    ['f99', 'unknown blank f99: the graph has f1..f7 and b1..b7'],
    ['b8', 'unknown blank b8: the graph has f1..f7 and b1..b7'],
    ['shape:w', 'unknown blank shape:w: the graph has no node "w"'],
    ['cell:mul:value:1', 'unknown blank cell:mul:value:1: node "mul" has 1 element'],
    ['x1', 'unknown blank x1: the graph has f1..f7 and b1..b7; other blanks are shape:<id>, params:<id> and cell:<id>:value:<i>'],
  ])('names what is wrong with %s', (name, message) => {
    expect(blankProblem(name, plan)).toBe(message);
  });
});
