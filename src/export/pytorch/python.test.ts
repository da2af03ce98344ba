import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../../../tests/hostile-strings';
import { PYTHON } from '../../../tests/python';
import { tensor } from '../../tensor/tensor';
import { Names, pyFloat, pyInts, pyNested, pyTensor } from './python';

describe('Python literals', () => {
  it('writes floats Python reads back to the same double, never as ints', () => {
    expect([3, -2.5, 0.1, 1e-7, 1e21, -0, 4.1588830833596715].map(pyFloat)).toEqual([
      '3.0',
      '-2.5',
      '0.1',
      '1e-7',
      '1e+21',
      '-0.0',
      '4.1588830833596715',
    ]);
    expect(() => pyFloat(NaN)).toThrow(/NaN/);
  });

  it('writes integer tuples, the one-element one with its comma', () => {
    expect([pyInts([]), pyInts([5]), pyInts([3, 3])]).toEqual(['()', '(5,)', '(3, 3)']);
    // A shape smuggled in as a string would otherwise be written into the code as it is.
    expect(() => pyInts(['1,); __import__("os")' as unknown as number])).toThrow(/cannot write .* as a Python integer/);
  });

  it('writes tensors as nested lists in row-major order, in float64', () => {
    expect(pyNested(tensor([2, 3], [1, 2, 3, 4, 5, 6]))).toBe('[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]');
    expect(pyTensor(tensor([], [2]), true)).toBe('torch.tensor(2.0, dtype=torch.float64, requires_grad=True)');
    expect(pyTensor(tensor([0], []), false)).toBe('torch.tensor([], dtype=torch.float64)');
  });

  it('breaks a long tensor into one row per line, and fills a long vector into lines', () => {
    const m = pyNested(
      tensor(
        [16, 16],
        Array.from({ length: 256 }, (_, i) => i % 7),
      ),
    );
    expect(m.split('\n')).toHaveLength(18);
    expect(m.split('\n')[1]).toBe(`    [${Array.from({ length: 16 }, (_, i) => `${i % 7}.0`).join(', ')}],`);
    const v = pyNested(
      tensor(
        [200],
        Array.from({ length: 200 }, () => 0.5),
      ),
    );
    const lines = v.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    // The literal still holds every number once.
    expect(v.match(/0\.5/g)).toHaveLength(200);
  });
});

describe('Names', () => {
  it('turns ids into distinct identifiers that shadow no keyword, builtin or helper', () => {
    const names = new Names();
    names.reserve('check');
    const got = ['x', 'conv-1', '1st', 'max', 'sum', 'class', 'check', 'a b', 'a_b', '∂', 'x'].map((id) => names.take(id));
    expect(got).toEqual(['x', 'conv_1', 'n1st', 'max_', 'sum_', 'class_', 'check_', 'a_b', 'a_b2', 'node', 'x2']);
  });
});

describe('Names against python3', () => {
  it('never hands out a keyword, soft keyword, builtin function or dunder, only plain identifiers', () => {
    const py = spawnSync(
      PYTHON,
      [
        '-c',
        'import builtins, json, keyword; print(json.dumps(keyword.kwlist + keyword.softkwlist + [b for b in dir(builtins) if not b[:1].isupper()]))',
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const words = JSON.parse(py.stdout) as string[];
    expect(words).toContain('__import__');
    const names = new Names();
    const given = [...words, ...hostileStrings(3, 300, '/tmp/MARKER')].map((w) => names.take(w));
    const banned = new Set(words);
    expect(given.filter((n) => banned.has(n) || n.startsWith('__') || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n))).toEqual([]);
    expect(new Set(given).size).toBe(given.length);
  });
});
