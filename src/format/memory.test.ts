import { describe, expect, it } from 'vitest';
import { activationBytes, formatMemory, kilobytes } from './memory';

describe('activation memory', () => {
  it('counts 4 bytes an element and 1024 bytes a kilobyte, as the exams do', () => {
    // AlexNet conv1 (seed exam problem 6): 64×56×56 outputs are 784 KB, the 3×227×227 image 603.855 KB.
    expect(kilobytes(activationBytes(64 * 56 * 56))).toBe(784);
    expect(kilobytes(activationBytes(3 * 227 * 227))).toBeCloseTo(603.85546875, 12);
  });

  it.each([
    [0, '0 B'],
    [12, '12 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [802816, '784 KB'],
    [activationBytes(3 * 227 * 227), '603.8555 KB'],
    [activationBytes(3 * 227 * 227 + 64 * 56 * 56), '1,387.8555 KB'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatMemory(bytes)).toBe(text);
  });
});
