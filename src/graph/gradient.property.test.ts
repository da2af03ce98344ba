import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { formulaToDocument } from './formula-to-graph';
import { GUARDED_VARIABLES, guardedExpr, guardedPoint, tame } from './formula-testkit';
import { printExpr } from './formula';

/**
 * Random formulas → graph → reverse-mode gradients agree with central differences of the same
 * graph. Points where the one-sided slopes disagree (a relu, abs, max or min exactly at its kink)
 * have no derivative to compare and are skipped.
 */
describe('property: gradients of random formulas match the numerical check', () => {
  it('for every input of 300 random formulas', () => {
    fc.assert(
      fc.property(guardedExpr, guardedPoint, (expr, at) => {
        fc.pre(tame(expr, at, 1e3));
        const doc = formulaToDocument(printExpr(expr), { values: at });
        const plan = compile(doc);
        const ev = evaluate(plan);
        fc.pre(ev.output !== undefined);
        for (const name of GUARDED_VARIABLES) {
          const k = plan.index.get(name);
          if (k === undefined) continue;
          const f = (v: number) => evaluate(plan, { overrides: new Map([[k, v]]) }).output as number;
          const h = 1e-5;
          const x = at[name];
          const right = (f(x + h) - f(x)) / h;
          const left = (f(x) - f(x - h)) / h;
          if (!(Math.abs(right - left) <= 1e-3 * Math.max(1, Math.abs(right)))) continue;
          const central = (f(x + h) - f(x - h)) / (2 * h);
          const g = ev.grad(k) as number;
          expect(Math.abs(g - central), `${printExpr(expr)} d/d${name} at ${JSON.stringify(at)}`).toBeLessThanOrEqual(
            1e-4 * Math.max(1, Math.abs(central)),
          );
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
