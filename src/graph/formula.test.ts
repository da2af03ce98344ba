import fc from 'fast-check';
import { FormulaError, formulaVariables, parseFormula, printExpr, type Expr } from './formula';
import { anyExpr, evaluateExpr } from './formula-testkit';

const value = (src: string, vars: Record<string, number> = {}): number => evaluateExpr(parseFormula(src), vars);

function errorOf(src: string): FormulaError {
  try {
    parseFormula(src);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`no error for ${JSON.stringify(src)}`);
}

describe('parseFormula: precedence and associativity', () => {
  it.each<[string, number, Record<string, number>?]>([
    ['-x^2', -9, { x: 3 }],
    ['2^3^2', 512],
    ['2*3+4', 10],
    ['2+3*4', 14],
    ['(2+3)*4', 20],
    ['8/4/2', 1],
    ['2-3-4', -5],
    ['2*3^2', 18],
    ['-2^2', -4],
    ['(-2)^2', 4],
    ['2^-1', 0.5],
    ['2^-1^2', 0.5],
    ['--x', 5, { x: 5 }],
    ['+x - +y', 3, { x: 5, y: 2 }],
    ['-x * -y', 6, { x: 2, y: 3 }],
    ['x - -y', 5, { x: 2, y: 3 }],
    ['12 / 3 * 2', 8],
    ['1.5e+2 + 1e-3 + .5 + 2.', 152.501],
    ['  z *\t2 ^ ( x - y ) ', -6, { x: 2, y: 1, z: -3 }],
  ])('%s = %d', (src, expected, vars = {}) => {
    expect(value(src, vars)).toBeCloseTo(expected, 12);
  });

  it('builds the tree the grammar describes', () => {
    const x: Expr = { kind: 'var', name: 'x' };
    const two: Expr = { kind: 'num', value: 2 };
    expect(parseFormula('-x^2')).toEqual({ kind: 'neg', arg: { kind: 'binary', op: '^', left: x, right: two } });
    expect(parseFormula('+x')).toEqual(x);
    expect(parseFormula('ln(x)')).toEqual({ kind: 'call', fn: 'ln', args: [x] });
    expect(parseFormula('max(x, 2)')).toEqual({ kind: 'call', fn: 'max', args: [x, two] });
  });

  it.each([
    ['exp(1)', Math.E],
    ['log(exp(2))', 2],
    ['ln(1)', 0],
    ['sqrt(16)', 4],
    ['abs(-3)', 3],
    ['relu(-3) + relu(2)', 2],
    ['sigmoid(0)', 0.5],
    ['tanh(0) + sin(0) + cos(0)', 1],
    ['max(2, 3) - min(2, 3)', 1],
    ['max(1, 2) * 2 + relu(3 - 1)', 6],
  ])('calls: %s = %d', (src, expected) => {
    expect(value(src)).toBeCloseTo(expected, 12);
  });
});

describe('parseFormula: errors', () => {
  it.each([
    ['(x + 1', 7, "expected ')' but found end of input"],
    ['x+foo(1)', 3, "unknown function 'foo'"],
    ['', 1, "expected a number, a name, '(' or '-' but found end of input"],
    ['*x', 1, "expected a number, a name, '(' or '-' but found '*'"],
    ['x * ', 5, "expected a number, a name, '(' or '-' but found end of input"],
    ['max(x)', 1, 'max takes 2 arguments but got 1'],
    ['2 * min(x, y, z)', 5, 'min takes 2 arguments but got 3'],
    ['exp(x, y)', 1, 'exp takes 1 argument but got 2'],
    ['sqrt()', 1, 'sqrt takes 1 argument but got 0'],
    ['max(x y)', 7, "expected ',' or ')' but found 'y'"],
    ['exp + 1', 5, "expected '(' after 'exp' but found '+'"],
    ['2x', 2, "expected an operator or end of input but found 'x'"],
    ['(x))', 4, "unmatched ')'"],
    ['x $ y', 3, "unexpected character '$'"],
    ['1e999 * x', 1, 'number 1e999 is too large'],
    [`${'('.repeat(600)}x${')'.repeat(600)}`, 501, 'nested more than 500 levels deep'],
  ])('%j: column %d, %s', (src, column, detail) => {
    const e = errorOf(src);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FormulaError');
    expect(e.column).toBe(column);
    expect(e.detail).toBe(detail);
    expect(e.message).toBe(`column ${column}: ${detail}`);
  });
});

describe('printExpr', () => {
  it.each([
    ['a-(b-c)', 'a - (b - c)'],
    ['(a-b)-c', 'a - b - c'],
    ['a/(b*c)', 'a / (b * c)'],
    ['(a^b)^c', '(a^b)^c'],
    ['a^b^c', 'a^b^c'],
    ['-x^2', '-x^2'],
    ['(-x)^2', '(-x)^2'],
    ['2^(-x)', '2^-x'],
    ['-(x+y)', '-(x + y)'],
    ['(x+y)*z', '(x + y) * z'],
    ['max((x), ln(y+1))', 'max(x, ln(y + 1))'],
    ['0.001*x', '0.001 * x'],
  ])('%s prints as %s', (src, printed) => {
    expect(printExpr(parseFormula(src))).toBe(printed);
  });

  it('writes a negative literal as a negation of the same value', () => {
    const e: Expr = { kind: 'binary', op: '^', left: { kind: 'num', value: -2 }, right: { kind: 'var', name: 'x' } };
    expect(printExpr(e)).toBe('(-2)^x');
  });

  it('round-trips: parse(print(e)) is e for any tree the parser can build', () => {
    fc.assert(
      fc.property(anyExpr, (e) => {
        expect(parseFormula(printExpr(e))).toEqual(e);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formulaVariables', () => {
  it('lists each variable once, in natural order', () => {
    expect(formulaVariables(parseFormula('z * 2^(x - y) + x'))).toEqual(['x', 'y', 'z']);
    expect(formulaVariables(parseFormula('w10*x1 + w2*x0 + w1 + w0'))).toEqual(['w0', 'w1', 'w2', 'w10', 'x0', 'x1']);
    expect(formulaVariables(parseFormula('exp(2) + 1'))).toEqual([]);
  });
});
