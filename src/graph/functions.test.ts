import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { formulaToDocument } from './formula-to-graph';
import { parseDocument, serializeDocument, validateDocument } from './load';
import { problemText } from './problems';
import type { FunctionDef, GraphDocument } from './schema';
import { buildTrace } from './trace';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const SWISH: FunctionDef = { name: 'swish', args: ['u'], body: 'u * sigmoid(u)' };

/** The issues of a document made from a formula with these definitions, as `path: message` lines. */
function issuesWith(functions: FunctionDef[], formula = 'x'): string[] {
  const doc = { ...formulaToDocument(formula), functions };
  const r = validateDocument(JSON.parse(JSON.stringify(doc)));
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

const expand = (doc: GraphDocument): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.op === 'call' ? { ...n, expanded: true } : n)),
});

describe('definitions are checked on load, each problem located', () => {
  it('accepts valid ones, later definitions calling earlier ones and the reverse', () => {
    expect(issuesWith([SWISH, { name: 'g', args: ['a', 'b'], body: 'swish(a) * h(b)' }, { name: 'h', args: ['v'], body: 'v^2' }])).toEqual(
      [],
    );
  });
  it.each<[string, FunctionDef[], string]>([
    [
      'a built-in function name',
      [{ name: 'sigmoid', args: ['u'], body: 'u' }],
      'functions[0].name: "sigmoid" is a built-in function; choose another name',
    ],
    [
      'a built-in op name',
      [{ name: 'mul', args: ['u'], body: 'u' }],
      'functions[0].name: "mul" is the name of a built-in op; choose another name',
    ],
    ['a duplicate name', [SWISH, SWISH], 'functions[1].name: duplicate function "swish" (also functions[0])'],
    ['a duplicate argument', [{ name: 'f', args: ['u', 'u'], body: 'u' }], 'functions[0].args[1]: duplicate argument "u" of f'],
    [
      'an argument named like a function',
      [SWISH, { name: 'f', args: ['swish'], body: '1' }],
      'functions[1].args[0]: argument "swish" of f has the name of a function, so its body could not read it',
    ],
    [
      'an unknown function',
      [{ name: 'f', args: ['u'], body: 'u + swoosh(u)' }],
      "functions[0].body: in the body of f: column 5: unknown function 'swoosh'",
    ],
    [
      'a wrong arity',
      [SWISH, { name: 'f', args: ['u'], body: 'swish(u, u)' }],
      'functions[1].body: in the body of f: column 1: swish takes 1 argument but got 2',
    ],
    [
      'a syntax error',
      [{ name: 'f', args: ['u'], body: 'u *' }],
      "functions[0].body: in the body of f: column 4: expected a number, a name, '(' or '-' but found end of input",
    ],
    [
      'a variable that is not an argument',
      [{ name: 'f', args: ['u'], body: 'u * v' }],
      'functions[0].body: "v" is not an argument of f (arguments: u)',
    ],
    [
      'direct recursion',
      [{ name: 'f', args: ['u'], body: 'f(u) + 1' }],
      'functions[0].body: f calls itself; a function cannot be recursive',
    ],
    [
      'recursion through another function',
      [
        { name: 'swish', args: ['u'], body: 'u * g(u)' },
        { name: 'g', args: ['v'], body: 'sigmoid(swish(v))' },
      ],
      'functions[0].body: swish calls itself via g (swish → g → swish); a function cannot be recursive',
    ],
    [
      'a name that is not an identifier',
      [{ name: 'my fn', args: [], body: '1' }],
      'functions[0].name: must be a name of letters, digits and _ not starting with a digit, at most 100 characters, got the string "my fn"',
    ],
  ])('refuses %s', (_, defs, message) => {
    expect(issuesWith(defs)).toEqual([message]);
  });
  it('refuses a call of an undefined function, a wrong port, a stray parameter or value, and expanded on other ops', () => {
    const doc = formulaToDocument('swish(x)', { functions: [SWISH] });
    const raw = JSON.parse(JSON.stringify(doc));
    raw.nodes[1].params = { fn: 'swsh', c: 1 };
    raw.nodes[1].value = 2;
    raw.nodes[0].expanded = true;
    raw.edges[0].port = 'v';
    const r = validateDocument(raw);
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'nodes[0].expanded: only a call node expands, not "input"',
      'nodes[1].params.c: a call has no parameter "c", only "fn"',
      'nodes[1].value: only input and constant nodes carry a value, not "call"',
      'nodes[1].params.fn: no function "swsh" (defined: swish)',
    ]);
    raw.nodes[1] = { ...raw.nodes[1], params: { fn: 'swish' }, value: undefined };
    raw.nodes[0].expanded = undefined;
    const r2 = validateDocument(JSON.parse(JSON.stringify(raw)));
    expect(r2.ok ? [] : r2.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'edges[0].port: function swish of node "call1" has no input port "v" (ports: "u")',
    ]);
  });
});

describe('version 1 documents load as version 2, meaning the same', () => {
  const files = readdirSync('public/examples').filter((f) => f.endsWith('.json'));
  it.each(files.filter((f) => JSON.parse(readFileSync(`public/examples/${f}`, 'utf8')).version === 1))('%s', (file) => {
    const text = readFileSync(`public/examples/${file}`, 'utf8');
    const r = parseDocument(text);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.doc.version).toBe(2);
    expect(r.doc.functions).toBeUndefined();
    // Everything but the version is as written.
    expect(JSON.parse(serializeDocument(r.doc))).toEqual({ ...JSON.parse(text), version: 2 });
  });
});

describe('a call evaluates through its body', () => {
  const at = { x: 0.7, y: -1.3 };
  const doc = formulaToDocument('swish(x*y) + x', { values: at, functions: [SWISH] });
  const t = at.x * at.y;
  const ds = sigmoid(t) + t * sigmoid(t) * (1 - sigmoid(t));

  it('value and gradients equal the closed form, collapsed and expanded', () => {
    for (const d of [doc, expand(doc)]) {
      const plan = compile(d);
      const ev = evaluate(plan);
      expect(ev.output).toBeCloseTo(t * sigmoid(t) + at.x, 14);
      expect(ev.grad(plan.index.get('x') as number)).toBeCloseTo(ds * at.y + 1, 14);
      expect(ev.grad(plan.index.get('y') as number)).toBeCloseTo(ds * at.x, 14);
    }
  });

  it('collapsed, the call is one step whose local derivative is swish′(t), on the fast path and the general one', () => {
    for (const general of [false, true]) {
      const plan = compile(doc);
      const ev = evaluate(plan, { general });
      const k = plan.index.get('call1') as number;
      expect(plan.labels[k]).toBe('f4');
      expect(ev.local(k, 0)).toBeCloseTo(ds, 14);
      const back = buildTrace(ev)
        .all()
        .find((s) => s.kind === 'backward' && s.node === 2);
      expect(back).toMatchObject({ contributions: [{ to: k, port: 'u' }] });
    }
  });

  it('expanded, the body takes the call’s place in the numbering: f4 = sigmoid, f5 = the product, the sum moves to f6', () => {
    const plan = compile(expand(doc));
    expect(plan.ids).toEqual(['x', 'y', 'mul1', 'call1/sigmoid1', 'call1/mul1', 'add1']);
    expect(plan.labels).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(plan.inside).toEqual([null, null, null, 'call1', 'call1', null]);
    expect(plan.index.get('call1')).toBe(4);
    expect(buildTrace(evaluate(plan)).length).toBe(6 + 6);
  });

  it('a body constant is numbered with the body, and nested calls stay calls', () => {
    const defs: FunctionDef[] = [
      { name: 'neuron', args: ['w', 'x', 'b'], body: 'sig(w*x + b)' },
      { name: 'sig', args: ['v'], body: '1 / (1 + exp(-v))' },
    ];
    const d = formulaToDocument('neuron(a, c, 0.5)', { values: { a: 2, c: -1 }, functions: defs });
    const plan = compile(expand(d));
    expect(plan.ids).toEqual(['a', 'c', 'constant1', 'call1/mul1', 'call1/add1', 'call1/call1']);
    expect(plan.ops[5].type).toBe('call');
    const ev = evaluate(plan);
    const z = 2 * -1 + 0.5;
    expect(ev.output).toBeCloseTo(sigmoid(z), 14);
    expect(ev.grad(0)).toBeCloseTo(sigmoid(z) * (1 - sigmoid(z)) * -1, 14);
  });

  it('an argument the body ignores gets gradient 0; a body that is an argument stays one node', () => {
    const defs: FunctionDef[] = [{ name: 'first', args: ['u', 'v'], body: 'u' }];
    const d = formulaToDocument('first(x, y) * x', { values: { x: 3, y: 5 }, functions: defs });
    for (const dd of [d, expand(d)]) {
      const plan = compile(dd);
      const ev = evaluate(plan);
      expect([ev.output, ev.grad(0), ev.grad(1)]).toEqual([9, 6, 0]);
    }
  });

  it('a domain error inside the body is the call’s problem, worded with the function', () => {
    const d = formulaToDocument('lg(x)', { values: { x: -2 }, functions: [{ name: 'lg', args: ['u'], body: 'log(u) / 2' }] });
    const plan = compile(d);
    const p = evaluate(plan).problem(1);
    expect(p).toMatchObject({ code: 'in-function', node: 'call1', fn: 'lg', problem: { code: 'domain', node: 'log1' } });
    expect(problemText(p as NonNullable<typeof p>, (id) => id)).toMatch(/^in lg: .*-2/);
  });

  it('calls broadcast over tensors, with the vector-Jacobian product through the body', () => {
    const d = formulaToDocument('swish(x) * y', { functions: [SWISH] });
    const xs = [-1, 0.5, 2];
    const withTensor: GraphDocument = {
      ...d,
      nodes: d.nodes.map((n) => (n.id === 'x' ? { ...n, value: { shape: [3], data: xs } } : n.id === 'y' ? { ...n, value: 3 } : n)),
    };
    const plan = compile(withTensor);
    expect(plan.shapes[plan.index.get('call1') as number]).toEqual([3]);
    const ev = evaluate(plan);
    const gx = ev.grad(0) as { data: Float64Array };
    xs.forEach((x, i) => expect(gx.data[i]).toBeCloseTo(3 * (sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))), 12));
    expect(ev.grad(1)).toBeCloseTo(
      xs.reduce((s, x) => s + x * sigmoid(x), 0),
      12,
    );
  });
});
