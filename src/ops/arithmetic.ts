import { formatParam } from '../format/number';
import { binary, cParam, unary, wrap } from './define';
import { num } from './types';

export const add = binary({
  type: 'add', title: 'Add', symbol: '+', keywords: ['plus', 'sum'],
  text: (a, b) => `${a} + ${wrap(b)}`, latex: (a, b) => `${a} + ${b}`,
  f: (a, b) => a + b, da: () => 1, db: () => 1,
  rule: { a: '∂(a + b)/∂a = 1', b: '∂(a + b)/∂b = 1' },
});

export const sub = binary({
  type: 'sub', title: 'Subtract', symbol: '−', keywords: ['minus', 'difference'],
  text: (a, b) => `${a} - ${wrap(b)}`, latex: (a, b) => `${a} - ${b}`,
  f: (a, b) => a - b, da: () => 1, db: () => -1,
  rule: { a: '∂(a − b)/∂a = 1', b: '∂(a − b)/∂b = −1' },
});

export const mul = binary({
  type: 'mul', title: 'Multiply', symbol: '×', keywords: ['times', 'product'],
  text: (a, b) => `${wrap(a)} * ${wrap(b)}`, latex: (a, b) => `${a} \\cdot ${b}`,
  f: (a, b) => a * b, da: (_a, b) => b, db: (a) => a,
  rule: { a: '∂(a·b)/∂a = b', b: '∂(a·b)/∂b = a' },
});

export const div = binary({
  type: 'div', title: 'Divide', symbol: '÷', keywords: ['quotient', 'over'],
  text: (a, b) => `${wrap(a)} / ${wrap(b)}`, latex: (a, b) => `\\frac{${a}}{${b}}`,
  f: (a, b) => a / b, da: (_a, b) => 1 / b, db: (a, b) => -a / (b * b),
  rule: { a: '∂(a/b)/∂a = 1/b', b: '∂(a/b)/∂b = −a/b²' },
  domain: (_a, b) => (b === 0 ? 'division by zero' : null),
});

/** Ties send half the gradient to each side, as PyTorch's maximum does. */
export const max = binary({
  type: 'max', title: 'Maximum', symbol: 'max', keywords: ['larger'],
  text: (a, b) => `max(${a}, ${b})`, latex: (a, b) => `\\max(${a}, ${b})`,
  f: (a, b) => (a >= b ? a : b),
  da: (a, b) => (a > b ? 1 : a === b ? 0.5 : 0),
  db: (a, b) => (b > a ? 1 : a === b ? 0.5 : 0),
  rule: { a: '∂max(a,b)/∂a = 1 if a > b, ½ if a = b, else 0', b: '∂max(a,b)/∂b = 1 if b > a, ½ if a = b, else 0' },
});

export const min = binary({
  type: 'min', title: 'Minimum', symbol: 'min', keywords: ['smaller'],
  text: (a, b) => `min(${a}, ${b})`, latex: (a, b) => `\\min(${a}, ${b})`,
  f: (a, b) => (a <= b ? a : b),
  da: (a, b) => (a < b ? 1 : a === b ? 0.5 : 0),
  db: (a, b) => (b < a ? 1 : a === b ? 0.5 : 0),
  rule: { a: '∂min(a,b)/∂a = 1 if a < b, ½ if a = b, else 0', b: '∂min(a,b)/∂b = 1 if b < a, ½ if a = b, else 0' },
});

export const neg = unary({
  type: 'neg', title: 'Negate', symbol: '−x', keywords: ['minus', 'negative'],
  text: (u) => `-${wrap(u)}`, latex: (u) => `-${u}`,
  f: (x) => -x, d: () => -1, rule: 'd/du (−u) = −1',
});

export const scale = unary({
  type: 'scale', title: 'Multiply by constant', keywords: ['times constant', 'scale', 'cx'],
  params: [cParam(2)],
  symbol: (p) => `×${formatParam(num(p, 'c'))}`,
  text: (u, p) => `${wrap(formatParam(num(p, 'c')))} * ${wrap(u)}`, latex: (u, p) => `${formatParam(num(p, 'c'))} \\cdot ${u}`,
  f: (x, p) => num(p, 'c') * x, d: (_x, _o, p) => num(p, 'c'),
  rule: (p) => `d/du (${formatParam(num(p, 'c'))}u) = ${formatParam(num(p, 'c'))}`,
});

export const addConst = unary({
  type: 'addConst', title: 'Add constant', keywords: ['plus constant', 'offset', 'x+c'],
  params: [cParam(1)],
  symbol: (p) => `+${formatParam(num(p, 'c'))}`,
  text: (u, p) => `${u} + ${wrap(formatParam(num(p, 'c')))}`, latex: (u, p) => `${u} + ${formatParam(num(p, 'c'))}`,
  f: (x, p) => x + num(p, 'c'), d: () => 1,
  rule: (p) => `d/du (u + ${formatParam(num(p, 'c'))}) = 1`,
});

export const pow = unary({
  type: 'pow', title: 'Power x^c', keywords: ['power', 'exponent', 'x^c'],
  params: [cParam(2, 'exponent c')],
  symbol: (p) => `x^${formatParam(num(p, 'c'))}`,
  text: (u, p) => `${wrap(u)}^${wrap(formatParam(num(p, 'c')))}`, latex: (u, p) => `{${u}}^{${formatParam(num(p, 'c'))}}`,
  f: (x, p) => x ** num(p, 'c'),
  d: (x, _o, p) => {
    const c = num(p, 'c');
    return c === 0 ? 0 : c * x ** (c - 1);
  },
  rule: (p) => {
    const c = num(p, 'c');
    return `d/du u^${formatParam(c)} = ${formatParam(c)}·u^${formatParam(c - 1)}`;
  },
  domain: (x, p) => {
    const c = num(p, 'c');
    if (x === 0 && c < 0) return `0 raised to a negative power (${formatParam(c)}): division by zero`;
    if (x < 0 && !Number.isInteger(c)) return `a negative number (${x}) raised to a non-integer power (${formatParam(c)})`;
    return null;
  },
});

export const expBase = unary({
  type: 'expBase', title: 'Exponential c^x', keywords: ['2^x', 'base', 'power of two', 'exponential'],
  params: [cParam(2, 'base c')],
  symbol: (p) => `${formatParam(num(p, 'c'))}^x`,
  text: (u, p) => `${formatParam(num(p, 'c'))}^${wrap(u)}`, latex: (u, p) => `${formatParam(num(p, 'c'))}^{${u}}`,
  f: (x, p) => num(p, 'c') ** x,
  d: (_x, out, p) => out * Math.log(num(p, 'c')),
  rule: (p) => {
    const c = formatParam(num(p, 'c'));
    return `d/du ${c}^u = ${c}^u ln ${c}`;
  },
  domain: (_x, p) => (num(p, 'c') <= 0 ? `the base of c^x must be positive, got ${formatParam(num(p, 'c'))}` : null),
});

export const exp = unary({
  type: 'exp', title: 'Exponential e^x', keywords: ['e^x', 'exponential'],
  symbol: 'exp', text: (u) => `exp(${u})`, latex: (u) => `e^{${u}}`,
  f: Math.exp, d: (_x, out) => out, rule: 'd/du e^u = e^u',
});

export const log = unary({
  type: 'log', title: 'Natural log', keywords: ['ln', 'logarithm'],
  symbol: 'ln', text: (u) => `ln(${u})`, latex: (u) => `\\ln(${u})`,
  f: Math.log, d: (x) => 1 / x, rule: 'd/du ln u = 1/u',
  domain: (x) => (x <= 0 ? `log of a non-positive number: ${x}` : null),
});

export const reciprocal = unary({
  type: 'reciprocal', title: 'Reciprocal 1/x', keywords: ['inverse', '1/x'],
  symbol: '1/x', text: (u) => `1 / ${wrap(u)}`, latex: (u) => `\\frac{1}{${u}}`,
  f: (x) => 1 / x, d: (x) => -1 / (x * x), rule: 'd/du (1/u) = −1/u²',
  domain: (x) => (x === 0 ? 'division by zero: 1/0' : null),
});

export const square = unary({
  type: 'square', title: 'Square x²', keywords: ['x^2', 'squared'],
  symbol: 'x²', text: (u) => `${wrap(u)}^2`, latex: (u) => `{${u}}^2`,
  f: (x) => x * x, d: (x) => 2 * x, rule: 'd/du u² = 2u',
});

export const sqrt = unary({
  type: 'sqrt', title: 'Square root', keywords: ['root'],
  symbol: '√', text: (u) => `sqrt(${u})`, latex: (u) => `\\sqrt{${u}}`,
  f: Math.sqrt, d: (_x, out) => 0.5 / out, rule: 'd/du √u = 1/(2√u)',
  domain: (x) => (x < 0 ? `square root of a negative number: ${x}` : null),
});

/** abs'(0) = 0, as PyTorch's sign(0). */
export const abs = unary({
  type: 'abs', title: 'Absolute value', keywords: ['magnitude', '|x|'],
  symbol: '|x|', text: (u) => `|${u}|`, latex: (u) => `\\left|${u}\\right|`,
  f: Math.abs, d: (x) => Math.sign(x), rule: 'd/du |u| = sign(u)',
});

export const sin = unary({
  type: 'sin', title: 'Sine', symbol: 'sin', text: (u) => `sin(${u})`, latex: (u) => `\\sin(${u})`,
  f: Math.sin, d: (x) => Math.cos(x), rule: 'd/du sin u = cos u',
});

export const cos = unary({
  type: 'cos', title: 'Cosine', symbol: 'cos', text: (u) => `cos(${u})`, latex: (u) => `\\cos(${u})`,
  f: Math.cos, d: (x) => -Math.sin(x), rule: 'd/du cos u = −sin u',
});
