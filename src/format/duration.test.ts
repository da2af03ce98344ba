import { expect, it } from 'vitest';
import { formatMilliseconds, formatSeconds } from './duration';

it.each([
  [0, '<0.1 ms'],
  [0.05, '<0.1 ms'],
  [0.1, '0.1 ms'],
  [3.24, '3.2 ms'],
  [9.96, '10.0 ms'],
  [10, '10 ms'],
  [45.5, '46 ms'],
])('an evaluation of %d ms reads %s', (ms, text) => {
  expect(formatMilliseconds(ms)).toBe(text);
});

it.each([
  [0, '0.0 s'],
  [400, '0.4 s'],
  [9949, '9.9 s'],
  [10_000, '10 s'],
  [12_600, '13 s'],
])('the clock at %d ms reads %s', (ms, text) => {
  expect(formatSeconds(ms)).toBe(text);
});
