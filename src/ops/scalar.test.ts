import { describe, expect, it } from 'vitest';
import { defaultParams, OPS } from './registry';
import type { ElementwiseOp, Params } from './types';

const elementwise = OPS.filter((op): op is ElementwiseOp => op.kind === 'elementwise');

const at = (type: string, a: number, b = 0, params: Record<string, unknown> = {}) => {
  const op = elementwise.find((o) => o.type === type) as ElementwiseOp;
  const p = { ...defaultParams(op), ...params } as Params;
  const out = op.forward(a, b, p);
  return { out, d: op.inputs.map((port) => op.derivative[port.name](a, b, out, p)), err: op.domain?.(a, b, p) ?? null };
};

describe('values and derivatives against closed forms', () => {
  it('base-2 exponential, the gate of P1: 2^1 = 2, d/du 2^u = 2 ln 2', () => {
    expect(at('expBase', 1, 0, { c: 2 }).out).toBe(2);
    expect(at('expBase', 1, 0, { c: 2 }).d[0]).toBeCloseTo(2 * Math.LN2, 15);
  });
  it('sigmoid(0) = 1/2 with slope 1/4, and stays finite far out', () => {
    expect(at('sigmoid', 0)).toMatchObject({ out: 0.5, d: [0.25] });
    expect(at('sigmoid', -800).out).toBe(0);
    expect(at('sigmoid', 800).out).toBe(1);
  });
  it("tanh' = 1 - tanh²", () => {
    const t = Math.tanh(0.8);
    expect(at('tanh', 0.8).d[0]).toBeCloseTo(1 - t * t, 15);
  });
  it("relu and leaky relu follow the exams at the kink: relu'(0) = 0, leaky'(0) = c", () => {
    expect(at('relu', 0).d[0]).toBe(0);
    expect(at('relu', 3)).toMatchObject({ out: 3, d: [1] });
    expect(at('relu', -3)).toMatchObject({ out: 0, d: [0] });
    expect(at('leakyRelu', 0, 0, { c: 0.1 }).d[0]).toBe(0.1);
    expect(at('leakyRelu', -2, 0, { c: 0.1 }).out).toBeCloseTo(-0.2, 15);
  });
  it('max and min split the gradient evenly on a tie, as PyTorch does', () => {
    expect(at('max', 2, 2).d).toEqual([0.5, 0.5]);
    expect(at('max', 3, 2).d).toEqual([1, 0]);
    expect(at('min', 3, 2).d).toEqual([0, 1]);
  });
  it('pow, div, sqrt, log, reciprocal, abs', () => {
    expect(at('pow', 3, 0, { c: 3 })).toMatchObject({ out: 27, d: [27] });
    expect(at('div', 6, 3)).toMatchObject({ out: 2, d: [1 / 3, -6 / 9] });
    expect(at('sqrt', 16)).toMatchObject({ out: 4, d: [0.125] });
    expect(at('log', Math.E).d[0]).toBeCloseTo(1 / Math.E, 15);
    expect(at('reciprocal', 4)).toMatchObject({ out: 0.25, d: [-1 / 16] });
    expect(at('abs', -3)).toMatchObject({ out: 3, d: [-1] });
    expect(at('abs', 0).d[0]).toBe(0);
  });
});

describe('domain errors name the problem instead of letting NaN spread', () => {
  it.each([
    ['log', -2, 0, {}, /log of a non-positive number: -2/],
    ['log', 0, 0, {}, /non-positive/],
    ['sqrt', -4, 0, {}, /square root of a negative number: -4/],
    ['div', 1, 0, {}, /division by zero/],
    ['reciprocal', 0, 0, {}, /division by zero/],
    ['pow', -8, 0, { c: 0.5 }, /non-integer power/],
    ['pow', 0, 0, { c: -1 }, /negative power/],
    ['expBase', 1, 0, { c: -2 }, /must be positive/],
  ])('%s(%d, %d)', (type, a, b, params, msg) => {
    expect(at(type as string, a as number, b as number, params as Record<string, unknown>).err).toMatch(msg as RegExp);
  });
});

describe('the registry', () => {
  it('has unique op names and a palette group for each', () => {
    const names = OPS.map((o) => o.type);
    expect(new Set(names).size).toBe(names.length);
    for (const op of OPS) expect(['Inputs', 'Arithmetic', 'Activations', 'Tensor', 'Losses']).toContain(op.group);
  });
  it('covers the scalar ops the issue lists', () => {
    const names = new Set(OPS.map((o) => o.type));
    for (const t of [
      'input',
      'constant',
      'add',
      'sub',
      'mul',
      'div',
      'neg',
      'scale',
      'addConst',
      'pow',
      'expBase',
      'exp',
      'log',
      'reciprocal',
      'square',
      'sqrt',
      'abs',
      'max',
      'min',
      'relu',
      'leakyRelu',
      'sigmoid',
      'tanh',
      'sin',
      'cos',
    ]) {
      expect(names.has(t), t).toBe(true);
    }
  });
});
