import { describe, expect, it } from 'vitest';
import {
  formatCell,
  formatCli,
  formatCount,
  formatExam,
  formatExplanation,
  formatLabel,
  formatParam,
  formatSI,
  latexDecimal,
} from './number';

/** The inputs every format is checked on; each row below lists that format's text for them, in order. */
const X = [
  -0,
  NaN,
  Infinity,
  -Infinity,
  1e-300,
  5e-324,
  1e21,
  123456.789,
  -123456.789,
  -6 * Math.LN2,
  0.5,
  Math.tanh(12),
  72855552,
  1 / 3,
  -3e-4,
];

const table: [string, (x: number) => string, string[]][] = [
  [
    'edge label / inspector',
    formatLabel,
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e-300',
      '4.941e-324',
      '1e+21',
      '1.235e+5',
      '−1.235e+5',
      '−4.159',
      '0.5',
      '1',
      '7.286e+7',
      '0.3333',
      '−0.0003',
    ],
  ],
  [
    'inspector cell',
    (x) => formatCell(x, false),
    ['0', 'NaN', 'Infinity', '-Infinity', '1e−300', '5e−324', '1Z', '120k', '−120k', '−4.16', '0.5', '1', '73M', '0.33', '−3e-4'],
  ],
  [
    'dense inspector cell',
    (x) => formatCell(x, true),
    ['0', 'NaN', 'Infinity', '-Infinity', '1e−300', '5e−324', '1Z', '120k', '−120k', '−4.2', '0.5', '1', '73M', '0.3', '−3e-4'],
  ],
  [
    'count',
    formatCount,
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '0',
      '0',
      '1,000,000,000,000,000,000,000',
      '123,457',
      '-123,457',
      '-4',
      '1',
      '1',
      '72,855,552',
      '0',
      '0',
    ],
  ],
  [
    'explanation',
    formatExplanation,
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e-300',
      '5e-324',
      '1e+21',
      '1.235e+5',
      '-1.235e+5',
      '-4.159',
      '0.5',
      '1.000',
      '72855552',
      '0.3333',
      '-0.0003',
    ],
  ],
  [
    'exam',
    formatExam,
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e-300',
      '4.941e-324',
      '1e21',
      '1.235e5',
      '-1.235e5',
      '-4.159',
      '0.5',
      '1',
      '72855552',
      '0.3333',
      '-3e-4',
    ],
  ],
  [
    'CLI table',
    formatCli,
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e-300',
      '4.94066e-324',
      '1e+21',
      '123457',
      '-123457',
      '-4.15888',
      '0.5',
      '1',
      '72855552',
      '0.333333',
      '-0.0003',
    ],
  ],
  [
    'op parameter',
    formatParam,
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e-300',
      '5e-324',
      '1e+21',
      '123457',
      '-123457',
      '-4.15888',
      '0.5',
      '1',
      '72855552',
      '0.333333',
      '-0.0003',
    ],
  ],
  [
    'exam LaTeX',
    (x) => latexDecimal(formatExam(x)),
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1 \\times 10^{-300}',
      '4.941 \\times 10^{-324}',
      '1 \\times 10^{21}',
      '1.235 \\times 10^{5}',
      '-1.235 \\times 10^{5}',
      '-4.159',
      '0.5',
      '1',
      '72855552',
      '0.3333',
      '-3 \\times 10^{-4}',
    ],
  ],
  [
    'explanation LaTeX',
    (x) => latexDecimal(formatExplanation(x)),
    [
      '0',
      'NaN',
      'Infinity',
      '-Infinity',
      '1 \\times 10^{-300}',
      '5 \\times 10^{-324}',
      '1 \\times 10^{21}',
      '1.235 \\times 10^{5}',
      '-1.235 \\times 10^{5}',
      '-4.159',
      '0.5',
      '1.000',
      '72855552',
      '0.3333',
      '-0.0003',
    ],
  ],
];

describe.each(table)('the %s format', (_name, format, expected) => {
  it.each(X.map((x, i) => [x, expected[i]]))('%d → %s', (x, text) => {
    expect(format(x)).toBe(text);
  });
});

describe('the formats on the values the examples show', () => {
  it('gives the seed exam answers their printed forms', () => {
    expect(formatExam(2 * Math.log(2) * -3)).toBe('-4.159');
    expect(formatExam(1.23456e-7)).toBe('1.235e-7');
    expect(formatExam(102764544)).toBe('102764544');
    expect(formatExam(0.1 + 0.2)).toBe('0.3');
    expect(formatCli(0.1 + 0.2)).toBe('0.3');
    expect(formatCli(123456789.5)).toBe('1.23457e+8');
    expect(formatLabel(-0.00001)).toBe('−0.00001');
    expect(formatLabel(-1e-7)).toBe('−1e-7');
  });

  it('writes counts large and small', () => {
    expect(formatSI(999)).toBe('999');
    expect(formatSI(1500)).toBe('1.5k');
    expect(formatSI(72855552)).toBe('72.86M');
    expect(formatCount(23296)).toBe('23,296');
    expect(formatCount(100000)).toBe('100,000');
  });

  it('cells switch to SI and exponents where the grid has no room', () => {
    expect(formatCell(999.5, false)).toBe('999.5');
    expect(formatCell(1000, false)).toBe('1k');
    expect(formatCell(12.345, false)).toBe('12.3');
    expect(formatCell(0.004, false)).toBe('4e−3');
    expect(formatCell(0.04, true)).toBe('4e−2');
    expect(formatCell(0.0051, false)).toBe('0.01');
  });

  it('leaves a decimal without an exponent as it is in LaTeX', () => {
    expect(latexDecimal('-4.159')).toBe('-4.159');
    expect(latexDecimal('1.5e-7')).toBe('1.5 \\times 10^{-7}');
  });
});
