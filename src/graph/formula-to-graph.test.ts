import fc from 'fast-check';
import { getOp } from '../ops/registry';
import { analyze } from './analyze';
import { FormulaError, printExpr } from './formula';
import { formulaToDocument } from './formula-to-graph';
import { GUARDED_VARIABLES, close, evaluateExpr, guardedExpr, tame } from './formula-testkit';
import { formatIssues, validateDocument } from './load';
import type { GraphDocument } from './schema';

function expectValid(doc: GraphDocument): void {
  const result = validateDocument(doc);
  expect(result.ok ? '' : formatIssues(result.issues)).toBe('');
}

/** Forward values of every node, from the ops' own rules; relies on sources coming before their uses. */
function evaluateDocument(doc: GraphDocument): Map<string, number> {
  const values = new Map<string, number>();
  for (const node of doc.nodes) {
    const op = getOp(node.op);
    if (op?.kind === 'source') values.set(node.id, node.value as number);
    else if (op?.kind === 'elementwise') {
      const port = (name: string): number => {
        const edge = doc.edges.find((e) => e.target === node.id && e.port === name);
        return edge ? (values.get(edge.source) ?? Number.NaN) : 0;
      };
      values.set(node.id, op.forward(port(op.inputs[0].name), op.inputs[1] ? port(op.inputs[1].name) : 0, node.params ?? {}));
    } else throw new Error(`unexpected op ${node.op}`);
  }
  return values;
}

const opsOf = (doc: GraphDocument): string[] => doc.nodes.map((n) => n.op).sort();
const wiring = (doc: GraphDocument): string[] => doc.edges.map((e) => `${e.source} -> ${e.target}.${e.port}`);
const shape = (doc: GraphDocument) => doc.nodes.map((n) => [n.id, n.op, n.params ?? null, n.value ?? null]);

describe('formulaToDocument: P1, f = z * 2^(x - y)', () => {
  const doc = formulaToDocument('z * 2^(x - y)', { expandSub: true, values: { x: 2, y: 1, z: -3 }, title: 'P1' });

  it("has the exam's nodes f1..f7 in order, wired port by port", () => {
    expect(shape(doc)).toEqual([
      ['x', 'input', null, 2],
      ['y', 'input', null, 1],
      ['z', 'input', null, -3],
      ['neg1', 'neg', null, null],
      ['add1', 'add', null, null],
      ['expBase1', 'expBase', { c: 2 }, null],
      ['mul1', 'mul', null, null],
    ]);
    expect(wiring(doc)).toEqual([
      'y -> neg1.u',
      'x -> add1.a',
      'neg1 -> add1.b',
      'add1 -> expBase1.u',
      'z -> mul1.a',
      'expBase1 -> mul1.b',
    ]);
    expect(doc.output).toBe('mul1');
    expect(doc.title).toBe('P1');
    expectValid(doc);
  });

  it("computes the exam's forward values 2, 1, -3, -1, 1, 2, -6", () => {
    expect([...evaluateDocument(doc).values()]).toEqual([2, 1, -3, -1, 1, 2, -6]);
  });

  it("is numbered f1..f7 by the engine and gives the exam's gradients", () => {
    const ln2 = Math.LN2;
    const result = analyze(doc);
    expect(result.nodes.map((r) => [r.label, r.id])).toEqual([
      ['f1', 'x'],
      ['f2', 'y'],
      ['f3', 'z'],
      ['f4', 'neg1'],
      ['f5', 'add1'],
      ['f6', 'expBase1'],
      ['f7', 'mul1'],
    ]);
    const grads = result.nodes.map((r) => r.grad as number);
    [-6 * ln2, 6 * ln2, 2, -6 * ln2, -6 * ln2, -3, 1].forEach((b, i) => expect(grads[i]).toBeCloseTo(b, 12));
  });

  it('keeps a single sub node without expandSub', () => {
    const plain = formulaToDocument('z * 2^(x - y)');
    expect(plain.nodes.map((n) => n.id)).toEqual(['x', 'y', 'z', 'sub1', 'expBase1', 'mul1']);
    expect(plain.nodes.slice(0, 3).map((n) => n.value)).toEqual([0, 0, 0]);
    expectValid(plain);
  });
});

describe('formulaToDocument: larger formulas', () => {
  it('a logistic unit', () => {
    const values = { w0: 2, x0: -1, w1: -3, x1: -2, w2: -3 };
    const doc = formulaToDocument('1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))', { values });
    expectValid(doc);
    expect(opsOf(doc)).toEqual(
      ['add', 'add', 'addConst', 'exp', 'input', 'input', 'input', 'input', 'input', 'mul', 'mul', 'neg', 'reciprocal'].sort(),
    );
    expect(doc.nodes.slice(0, 5).map((n) => n.id)).toEqual(['w0', 'w1', 'w2', 'x0', 'x1']);
    // w·x + b = -2 + 6 - 3 = 1 (CS231n's worked example).
    expect(evaluateDocument(doc).get(doc.output!)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
  });

  it('max, relu and a fan-out of x', () => {
    const doc = formulaToDocument('max(x, y) * 2 + relu(z - x)', { values: { x: 1, y: -2, z: 4 } });
    expectValid(doc);
    expect(opsOf(doc)).toEqual(['add', 'input', 'input', 'input', 'max', 'relu', 'scale', 'sub'].sort());
    expect(doc.edges.filter((e) => e.source === 'x')).toHaveLength(2);
    expect(evaluateDocument(doc).get(doc.output!)).toBe(1 * 2 + 3);
  });
});

describe('formulaToDocument: op mapping', () => {
  it.each([
    ['2*x', [['scale1', 'scale', { c: 2 }]]],
    ['x*2', [['scale1', 'scale', { c: 2 }]]],
    ['-3*x', [['scale1', 'scale', { c: -3 }]]],
    ['x+1', [['addConst1', 'addConst', { c: 1 }]]],
    ['1+x', [['addConst1', 'addConst', { c: 1 }]]],
    ['x-1', [['addConst1', 'addConst', { c: -1 }]]],
    [
      '1-x',
      [
        ['neg1', 'neg', null],
        ['addConst1', 'addConst', { c: 1 }],
      ],
    ],
    ['x/4', [['scale1', 'scale', { c: 0.25 }]]],
    ['1/x', [['reciprocal1', 'reciprocal', null]]],
    [
      '3/x',
      [
        ['reciprocal1', 'reciprocal', null],
        ['scale1', 'scale', { c: 3 }],
      ],
    ],
    ['x^3', [['pow1', 'pow', { c: 3 }]]],
    ['x^-1', [['pow1', 'pow', { c: -1 }]]],
    ['2^x', [['expBase1', 'expBase', { c: 2 }]]],
    [
      'x^y',
      [
        ['log1', 'log', null],
        ['mul1', 'mul', null],
        ['exp1', 'exp', null],
      ],
    ],
    ['-x', [['neg1', 'neg', null]]],
    [
      'ln(x) + log(x)',
      [
        ['log1', 'log', null],
        ['log2', 'log', null],
        ['add1', 'add', null],
      ],
    ],
    [
      'x*y/x',
      [
        ['mul1', 'mul', null],
        ['div1', 'div', null],
      ],
    ],
    ['(2^3 - exp(0)) * x', [['scale1', 'scale', { c: 7 }]]],
  ])('%s', (src, ops) => {
    const doc = formulaToDocument(src);
    expectValid(doc);
    expect(doc.nodes.filter((n) => n.op !== 'input').map((n) => [n.id, n.op, n.params ?? null])).toEqual(ops);
  });

  it('raises a variable to a variable power as exp(b · ln a)', () => {
    const doc = formulaToDocument('x^y', { values: { x: 3, y: 2 } });
    expect(wiring(doc)).toEqual(['x -> log1.u', 'y -> mul1.a', 'log1 -> mul1.b', 'mul1 -> exp1.u']);
    expect(evaluateDocument(doc).get('exp1')).toBeCloseTo(9, 12);
  });

  it('gives a number a constant node where no op takes it as a parameter', () => {
    const doc = formulaToDocument('max(0, x)');
    expect(shape(doc)).toEqual([
      ['x', 'input', null, 0],
      ['constant1', 'constant', null, 0],
      ['max1', 'max', null, null],
    ]);
    expect(wiring(doc)).toEqual(['constant1 -> max1.a', 'x -> max1.b']);
  });

  it('keeps what cannot be computed, so evaluating it names the error', () => {
    for (const src of ['x / 0', '1/0 + x', 'log(0) * x', '0^-1 + x']) {
      const doc = formulaToDocument(src);
      expectValid(doc);
      expect(doc.nodes.some((n) => n.op === 'constant')).toBe(true);
    }
  });

  it('makes a document of a lone number or variable', () => {
    expect(shape(formulaToDocument('2^3'))).toEqual([['constant1', 'constant', null, 8]]);
    expect(formulaToDocument('2^3').output).toBe('constant1');
    expect(formulaToDocument('x', { values: { x: 5 } }).output).toBe('x');
  });

  it('never gives an op node the id of a variable', () => {
    const doc = formulaToDocument('add1 + add2 + x');
    expectValid(doc);
    expect(doc.nodes.map((n) => n.id)).toEqual(['add1', 'add2', 'x', 'add3', 'add4']);
  });

  it('passes the description through and rejects a value that is not finite', () => {
    expect(formulaToDocument('x', { description: 'd' }).description).toBe('d');
    expect(() => formulaToDocument('x + y', { values: { y: Number.NaN } })).toThrow(RangeError);
    expect(() => formulaToDocument('x +')).toThrow(FormulaError);
  });
});

describe('formulaToDocument: any formula', () => {
  const point = fc.record(Object.fromEntries(GUARDED_VARIABLES.map((v) => [v, fc.double({ min: -3, max: 3, noNaN: true })])));

  it('makes a valid document, in evaluation order, that computes what the formula says', () => {
    fc.assert(
      fc.property(guardedExpr, point, (expr, vars) => {
        fc.pre(tame(expr, vars));
        const doc = formulaToDocument(printExpr(expr), { values: vars, expandSub: vars.x > 0 });
        expectValid(doc);
        const order = new Map(doc.nodes.map((n, i) => [n.id, i]));
        for (const e of doc.edges) expect(order.get(e.source)).toBeLessThan(order.get(e.target)!);
        const got = evaluateDocument(doc).get(doc.output!)!;
        expect(close(got, evaluateExpr(expr, vars)), `${printExpr(expr)} gave ${got}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
