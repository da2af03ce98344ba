import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/graph/analyze';
import { checkExpected } from '../../src/graph/fixture';
import { formulaToDocument } from '../../src/graph/formula-to-graph';
import { parseDocument, serializeDocument } from '../../src/graph/load';
import { sgdStep } from '../../src/graph/train';
import { parseValues } from '../../src/ui/toolbar/formula-values';
import { runInProcess, writeDoc } from '../cli-in-process';
import { editor } from '../../src/ui/editor';

/** Names a plain `{}` already answers to: storing or looking them up by key goes wrong there. */
const RESERVED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const at = (x: number, y = 0) => ({ x, y });

/**
 * f = r · r · k at r = 3, k = 5: f = 45, df/dr = 2rk = 30, df/dk = r² = 9. The reserved name is the
 * input's id (so its variable name too), its label, and a key of every id-keyed record.
 */
function byId(r: string, expected: object) {
  return {
    nodes: [
      { id: r, op: 'input', label: r, value: 3, params: { trainable: true }, position: at(0) },
      { id: 'k', op: 'input', value: 5, position: at(0, 100) },
      { id: 'sq', op: 'mul', position: at(200) },
      { id: 'f', op: 'mul', position: at(400) },
    ],
    edges: [
      { source: r, target: 'sq', port: 'a' },
      { source: r, target: 'sq', port: 'b' },
      { source: 'sq', target: 'f', port: 'a' },
      { source: 'k', target: 'f', port: 'b' },
    ],
    output: 'f',
    expected,
  };
}

/** The same function with the reserved name as an input's `name` (its id is "a") and as an op node's id. */
function byName(r: string, expected: object) {
  return {
    nodes: [
      { id: 'a', op: 'input', name: r, label: r, value: 3, position: at(0) },
      { id: 'k', op: 'input', value: 5, position: at(0, 100) },
      { id: r, op: 'mul', position: at(200) },
      { id: 'f', op: 'mul', position: at(400) },
    ],
    edges: [
      { source: 'a', target: r, port: 'a' },
      { source: 'a', target: r, port: 'b' },
      { source: r, target: 'f', port: 'a' },
      { source: 'k', target: 'f', port: 'b' },
    ],
    output: 'f',
    expected,
  };
}

/** JSON.parse, not an object literal: `{ __proto__: 1 }` in source would set a prototype, not a key. */
const keyed = (key: string, value: unknown): Record<string, unknown> => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`);

describe.each(RESERVED)('the reserved name %s', (r) => {
  const right = {
    output: 45,
    gradients: { ...keyed(r, 30), k: 9 },
    nodes: keyed(r, { value: 3, grad: 30 }),
    step: { lr: 0.1, lossBefore: 45, lossAfter: 0, params: keyed(r, 0) },
  };

  it('as a node id and label: the gradient is 2rk = 30, and a wrong expected value fails check', () => {
    const parsed = parseDocument(JSON.stringify({ format: 'backprop-studio.graph', version: 1, ...byId(r, right) }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const an = analyze(parsed.doc);
    expect(Object.entries(an.gradients)).toEqual([
      [r, 30],
      ['k', 9],
    ]);
    expect(an.byId.get(r)).toMatchObject({ label: r, value: 3, grad: 30 });
    expect(checkExpected(an)).toEqual([]);
    expect(Object.entries(sgdStep(parsed.doc, { lr: 0.1 }).params)).toEqual([[r, 0]]);
    expect(runInProcess('check', writeDoc(byId(r, right)))).toMatchObject({ status: 0, stdout: expect.stringMatching(/^ok/) });

    for (const [wrong, path] of [
      [{ ...right, gradients: { ...keyed(r, 31), k: 9 } }, `gradients.${r}`],
      [{ ...right, nodes: keyed(r, { value: 3, grad: 29 }) }, `nodes.${r}.grad`],
      [{ ...right, nodes: keyed(r, { value: 4 }) }, `nodes.${r}.value`],
      [{ ...right, step: { ...right.step, params: keyed(r, 1) } }, `step.params.${r}`],
    ] as const) {
      const c = runInProcess('check', writeDoc(byId(r, wrong)));
      expect(c.status).toBe(1);
      expect(c.stdout).toMatch(new RegExp(`: 1 mismatch\\n {2}${path.replace(/[.$]/g, '\\$&')}\\n`));
    }
  });

  it('as an input name and an op node id', () => {
    const rightByName = { output: 45, gradients: { ...keyed(r, 30), k: 9 }, nodes: keyed(r, { value: 9, grad: 5 }) };
    const ok = runInProcess('eval', writeDoc(byName(r, rightByName)), '--json');
    const json = JSON.parse(ok.stdout);
    expect(json.gradients).toEqual({ ...keyed(r, 30), k: 9 });
    expect(Object.keys(json.gradients)).toEqual([r, 'k']);
    expect(json.nodes.find((n: { id: string }) => n.id === r)).toMatchObject({ value: 9, grad: 5 });
    expect(runInProcess('check', writeDoc(byName(r, rightByName))).status).toBe(0);
    const wrong = runInProcess('check', writeDoc(byName(r, { ...rightByName, nodes: keyed(r, { value: 9, grad: 6 }) })));
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain(`nodes.${r}.grad`);
  });

  it('as a formula variable: eval -e "r*2" --at r=3 gives 6 and d/dr = 2', () => {
    const res = runInProcess('eval', '-e', `${r}*2`, '--at', `${r}=3`, '--json');
    expect(res.status).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.output).toBe(6);
    expect(Object.entries(json.gradients)).toEqual([[r, 2]]);
    const exact = JSON.parse(runInProcess('eval', '-e', `${r}*${r}`, '--at', `${r}=3`, '--json', '--exact').stdout);
    expect(Object.entries(exact.gradients)).toEqual([[r, 6]]);
    expect(Object.entries(exact.exact)).toEqual([[r, '6']]);
    expect(Object.entries(exact.analytic)).toEqual([[r, `2*${r}`]]);
    // A variable with no value given starts at 0, the editor's default, never at Object.prototype's member.
    const values = parseValues(`${r} = 3, y = 1`);
    expect(values.ok && Object.entries(values.values)).toEqual([
      [r, 3],
      ['y', 1],
    ]);
    // A variable given no value starts at 0 (the editor's default), whatever a plain {} inherits.
    expect(formulaToDocument(`${r}*2`, { values: { y: 1 } }).nodes.find((n) => n.id === r)?.value).toBe(0);
  });

  it('as a key of meta and params: meta keeps it on a round trip, params reports it', () => {
    const doc = { format: 'backprop-studio.graph', version: 1, ...byId(r, right), meta: keyed(r, { note: 1 }) };
    const parsed = parseDocument(JSON.stringify(doc));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(Object.keys(parsed.doc.meta ?? {})).toEqual([r]);
    expect(JSON.parse(serializeDocument(parsed.doc)).meta).toEqual(keyed(r, { note: 1 }));
    const withParam = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'k' ? { ...n, params: keyed(r, true) } : n)) };
    const bad = parseDocument(JSON.stringify(withParam));
    expect(!bad.ok && bad.issues).toEqual([{ path: `nodes[1].params.${r}`, message: `op "input" has no parameter "${r}"` }]);
  });
});

describe('reserved names through the editor store', () => {
  it('meta keys named __proto__, at the top and deeper, survive an exam edit, its undo and its redo', () => {
    const text = JSON.stringify({ format: 'backprop-studio.graph', version: 1, ...byId('x', {}), meta: { keep: { keep: 2 } } }).replaceAll(
      '"keep"',
      '"__proto__"',
    );
    const parsed = parseDocument(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    editor.open(parsed.doc);
    editor.exam.toggleBlank('f1');
    const keys = () => Object.keys(editor.state.doc.present.meta ?? {});
    expect(keys()).toEqual(['__proto__', 'exam']);
    editor.undo();
    expect(keys()).toEqual(['__proto__']);
    editor.redo();
    expect(keys()).toEqual(['__proto__', 'exam']);
    expect(serializeDocument(editor.state.doc.present)).toContain(
      '"meta": {\n    "__proto__": {\n      "__proto__": 2\n    },\n    "exam": {\n      "blanks": [\n        "f1"\n      ]\n    }\n  }',
    );
  });
});
