import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xSquaredPlusX } from '../../tests/doc-builder';
import { analyze } from './analyze';
import { parseDocument } from './load';
import { buildTrace, type BackwardStep, type ForwardStep } from './trace';

const LN2 = Math.log(2);

function p1() {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error('P1 should load');
  return analyze(r.doc);
}

describe('the step trace of P1', () => {
  const an = p1();
  const trace = buildTrace(an.evaluation);
  const steps = trace.all();

  it('has 14 steps: f1..f7 forward, then b7 down to b1', () => {
    expect(trace.length).toBe(14);
    expect(trace.forwardCount).toBe(7);
    expect(steps.map((s) => `${s.kind === 'forward' ? 'f' : 'b'}:${s.label}`)).toEqual([
      'f:f1',
      'f:f2',
      'f:f3',
      'f:f4',
      'f:f5',
      'f:f6',
      'f:f7',
      'b:f7',
      'b:f6',
      'b:f5',
      'b:f4',
      'b:f3',
      'b:f2',
      'b:f1',
    ]);
  });

  it("records each forward step's inputs and value: f5 = f1 + f4 = 2 + (-1) = 1", () => {
    const f5 = steps[4] as ForwardStep;
    expect(f5).toMatchObject({ op: 'add', value: 1, problem: null });
    expect(f5.inputs.map((i) => [i.port, i.label, i.value])).toEqual([
      ['a', 'f1', 2],
      ['b', 'f4', -1],
    ]);
  });

  it('records the chain rule of each backward step: b5 = b6 · ∂f6/∂f5 = (-3)(2 ln 2)', () => {
    const b5 = trace.at(trace.indexOf(4, 'backward')) as BackwardStep;
    expect(b5.grad as number).toBeCloseTo(-6 * LN2, 14);
    expect(b5.contributions).toHaveLength(1);
    expect(b5.contributions[0]).toMatchObject({ to: 5, port: 'u', upstream: -3 });
    expect(b5.contributions[0].local as number).toBeCloseTo(2 * LN2, 14);
    expect(b5.downstream.map((d) => [d.port, d.from, d.local])).toEqual([
      ['a', 0, 1],
      ['b', 3, 1],
    ]);
  });

  it('seeds the output with 1', () => {
    expect(steps[7]).toMatchObject({ kind: 'backward', label: 'f7', grad: 1, seed: true, contributions: [] });
  });
});

describe('fan-out in the trace', () => {
  it('lists one contribution per use: f = x·x + x gives b1 = 3·1 + 3·1 + 1·1 = 7', () => {
    const doc = xSquaredPlusX();
    const trace = buildTrace(analyze(doc).evaluation);
    const bx = trace.at(trace.indexOf(0, 'backward')) as BackwardStep;
    expect(bx.grad).toBe(7);
    expect(bx.contributions.map((c) => [c.to, c.port, c.upstream, c.local])).toEqual([
      [1, 'a', 1, 3],
      [1, 'b', 1, 3],
      [2, 'b', 1, 1],
    ]);
  });
});
