import { binary, wrap } from '../define';

/** Points away from zero divisors, with negatives on both sides. */
const AB = [{ at: { a: -2.3, b: 0.6 } }, { at: { a: 0.4, b: -1.9 } }, { at: { a: 1.3, b: 2.2 } }];

export const add = binary({
  type: 'add',
  title: 'Add',
  symbol: '+',
  keywords: ['plus', 'sum'],
  text: (a, b) => `${a} + ${wrap(b)}`,
  latex: (a, b) => `${a} + ${b}`,
  f: (a, b) => a + b,
  da: () => 1,
  db: () => 1,
  rule: { a: '∂(a + b)/∂a = 1', b: '∂(a + b)/∂b = 1' },
  torch: '{a} + {b}',
  exact: { form: 'a + b' },
  checks: { smooth: AB },
});

export const sub = binary({
  type: 'sub',
  title: 'Subtract',
  symbol: '−',
  keywords: ['minus', 'difference'],
  text: (a, b) => `${a} - ${wrap(b)}`,
  latex: (a, b) => `${a} - ${b}`,
  f: (a, b) => a - b,
  da: () => 1,
  db: () => -1,
  rule: { a: '∂(a − b)/∂a = 1', b: '∂(a − b)/∂b = −1' },
  torch: '{a} - {b}',
  exact: { form: 'a - b' },
  checks: { smooth: AB },
});

export const mul = binary({
  type: 'mul',
  title: 'Multiply',
  symbol: '×',
  keywords: ['times', 'product'],
  text: (a, b) => `${wrap(a)} * ${wrap(b)}`,
  latex: (a, b) => `${a} \\cdot ${b}`,
  f: (a, b) => a * b,
  da: (_a, b) => b,
  db: (a) => a,
  rule: { a: '∂(a·b)/∂a = b', b: '∂(a·b)/∂b = a' },
  torch: '{a} * {b}',
  exact: { form: 'a * b' },
  checks: { smooth: AB },
});

export const div = binary({
  type: 'div',
  title: 'Divide',
  symbol: '÷',
  keywords: ['quotient', 'over'],
  text: (a, b) => `${wrap(a)} / ${wrap(b)}`,
  latex: (a, b) => `\\frac{${a}}{${b}}`,
  f: (a, b) => a / b,
  da: (_a, b) => 1 / b,
  db: (a, b) => -a / (b * b),
  rule: { a: '∂(a/b)/∂a = 1/b', b: '∂(a/b)/∂b = −a/b²' },
  domain: (_a, b) => (b === 0 ? 'division by zero' : null),
  torch: '{a} / {b}',
  exact: { form: 'a / b' },
  checks: { smooth: AB, outside: [{ at: { a: 1, b: 0 } }] },
});
