import { format } from 'd3';
import { describe, expect, it } from 'vitest';
import { fixed, groupedInteger, significant, siPrefixed, trimZeros } from './specifiers';

// d3-format is the truth here: these functions replace the specifiers the UI used to pass it.
const specifiers: [string, (x: number) => string][] = [
  ['.4~g', (x) => significant(x, 4)],
  ['.2~f', (x) => fixed(x, 2)],
  ['.1~f', (x) => fixed(x, 1)],
  [',.4~f', (x) => fixed(x, 4, true)],
  [',d', groupedInteger],
  ['.4~s', (x) => siPrefixed(x, 4)],
  ['.2~s', (x) => siPrefixed(x, 2)],
];

const edges = [
  0,
  -0,
  NaN,
  Infinity,
  -Infinity,
  1e-300,
  5e-324,
  1e21,
  1e22,
  123456.789,
  -123456.789,
  999.95,
  9999.5,
  -2.5,
  1e-30,
  2.5e-25,
  -0.00001,
];

/** A fixed-seed spread of magnitudes from 1e-30 to 1e30, both signs (mulberry32). */
function spread(n: number): number[] {
  let s = 42;
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => (next() - 0.5) * 10 ** Math.floor(next() * 60 - 30));
}

describe.each(specifiers)('d3 "%s"', (spec, ours) => {
  const d3 = format(spec);
  it('agrees with d3-format on edge cases and 3000 spread values', () => {
    for (const x of [...edges, ...spread(3000)]) expect([x, ours(x)]).toEqual([x, d3(x)]);
  });
});

it('trims zeros after the point, up to an exponent', () => {
  expect(['1.2000e+5', '3.000', '120', '0.50', '1.0e-7', '10'].map(trimZeros)).toEqual(['1.2e+5', '3', '120', '0.5', '1e-7', '10']);
});
