import { readFileSync } from 'node:fs';
import { analyze } from '../../graph/analyze';
import { parseDocument } from '../../graph/load';
import { buildTrace } from '../../graph/trace';
import { gradeGuess, isShown, revealedAt, stepName, timelineOf } from './timeline';

function p1() {
  const r = parseDocument(readFileSync(new URL('../../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error('P1 should load');
  const an = analyze(r.doc);
  return { plan: an.plan, trace: buildTrace(an.evaluation) };
}

const names = (set: ReadonlySet<number>, prefix: string) => [...set].sort((a, b) => a - b).map((k) => `${prefix}${k + 1}`);

describe('which values are on show at each step of P1', () => {
  const { plan, trace } = p1();
  const t = timelineOf(trace, plan.index);

  it('shows nothing before the first step', () => {
    const r = revealedAt(trace, 0);
    expect([r.values.size, r.grads.size]).toEqual([0, 0]);
  });

  it('after step 5: f1..f5 and no gradient', () => {
    const r = revealedAt(trace, 5);
    expect(names(r.values, 'f')).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(r.grads.size).toBe(0);
  });

  it('after step 9: every value, and b7, b6 (the output first, then down)', () => {
    const r = revealedAt(trace, 9);
    expect(r.values.size).toBe(7);
    expect(names(r.grads, 'b')).toEqual(['b6', 'b7']);
  });

  it('after the last step: everything', () => {
    const r = revealedAt(trace, trace.length);
    expect(names(r.values, 'f')).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    expect(names(r.grads, 'b')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']);
  });

  it('the timeline agrees with revealedAt at every step', () => {
    for (let i = 0; i <= trace.length; i++) {
      const r = revealedAt(trace, i);
      for (let k = 0; k < plan.n; k++) {
        expect(isShown(t, 'f', k, i)).toBe(r.values.has(k));
        expect(isShown(t, 'b', k, i)).toBe(r.grads.has(k));
      }
    }
  });

  it('names each step’s result as the canvas does', () => {
    expect([0, 4, 7, 13].map((i) => stepName(t, i, plan.labels))).toEqual(['f1', 'f5', 'b7', 'b1']);
  });
});

describe('grading a prediction', () => {
  const b1 = -6 * Math.log(2);
  const exact = { text: '-6 ln 2', cas: '-6*log(2)' };

  it('accepts a number within 1e-3 relative, and the rounded decimal of the exact form', () => {
    expect(gradeGuess('-4.159', b1)).toEqual({ kind: 'graded', ok: true });
    expect(gradeGuess('−4.16', b1)).toEqual({ kind: 'graded', ok: true });
    expect(gradeGuess('-4.1', b1)).toEqual({ kind: 'graded', ok: false });
    expect(gradeGuess('4.159', b1)).toEqual({ kind: 'graded', ok: false });
    expect(gradeGuess('0', 0)).toEqual({ kind: 'graded', ok: true });
    expect(gradeGuess('0.001', 0)).toEqual({ kind: 'graded', ok: false });
  });

  it('accepts the exact form as written or as a CAS would', () => {
    expect(gradeGuess('-6 ln 2', b1, exact)).toEqual({ kind: 'graded', ok: true });
    expect(gradeGuess('-6ln2', b1, exact)).toEqual({ kind: 'graded', ok: true });
    expect(gradeGuess('-6*log(2)', b1, exact)).toEqual({ kind: 'graded', ok: true });
    expect(gradeGuess('6 ln 2', b1, exact)).toEqual({ kind: 'unreadable' });
  });

  it('says when it cannot read the guess', () => {
    expect(gradeGuess('', 1)).toEqual({ kind: 'unreadable' });
    expect(gradeGuess('two', 2)).toEqual({ kind: 'unreadable' });
  });
});
