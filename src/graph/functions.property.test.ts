import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { foldExpr, printExpr, type Expr } from './formula';
import { formulaToDocument } from './formula-to-graph';
import { GUARDED_VARIABLES, guardedExpr, tame } from './formula-testkit';
import type { GraphDocument } from './schema';

/** The expression with its variables renamed: g's body read at the call's arguments. */
const rename = (e: Expr, to: Readonly<Record<string, string>>): Expr =>
  foldExpr<Expr>(e, (n, parts) => {
    switch (n.kind) {
      case 'var':
        return { kind: 'var', name: to[n.name] };
      case 'num':
        return n;
      case 'neg':
        return { kind: 'neg', arg: parts[0] };
      case 'binary':
        return { kind: 'binary', op: n.op, left: parts[0], right: parts[1] };
      case 'call':
        return { kind: 'call', fn: n.fn, args: parts };
    }
  });

const expand = (doc: GraphDocument): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.op === 'call' ? { ...n, expanded: true } : n)),
});

/**
 * A random body E(x, y, z) defined as g, used twice: `g(x, y, z) + g(z, x, y) * x`. Its value and
 * every gradient, collapsed and expanded, equal those of the same formula written without the
 * function, and the gradients match central differences of the function-based graph.
 */
describe('property: calls of a random function agree with the graph written out, and with central differences', () => {
  it('for 200 random bodies', () => {
    const values = fc.record({
      x: fc.double({ min: -2, max: 2, noNaN: true }),
      y: fc.double({ min: -2, max: 2, noNaN: true }),
      z: fc.double({ min: -2, max: 2, noNaN: true }),
    });
    fc.assert(
      fc.property(guardedExpr, values, (body, at) => {
        const second = { x: at.z, y: at.x, z: at.y };
        fc.pre(tame(body, at, 1e3) && tame(body, second, 1e3));
        const defs = [{ name: 'g', args: ['x', 'y', 'z'], body: printExpr(body) }];
        const withCalls = formulaToDocument('g(x, y, z) + g(z, x, y) * x + 0 * (x + y + z)', { values: at, functions: defs });
        const inline = `(${printExpr(body)}) + (${printExpr(rename(body, { x: 'z', y: 'x', z: 'y' }))}) * x + 0 * (x + y + z)`;
        const plain = compile(formulaToDocument(inline, { values: at }));
        const truth = evaluate(plain);
        fc.pre(truth.output !== undefined);
        for (const doc of [withCalls, expand(withCalls)]) {
          const plan = compile(doc);
          const ev = evaluate(plan);
          expect(ev.output as number).toBeCloseTo(truth.output as number, 9);
          for (const name of GUARDED_VARIABLES) {
            const k = plan.index.get(name) as number;
            const g = ev.grad(k) as number;
            expect(g, `d/d${name} of ${inline}`).toBeCloseTo(truth.grad(plain.index.get(name) as number) as number, 8);
            const f = (v: number) => evaluate(plan, { overrides: new Map([[k, v]]) }).output as number;
            const h = 1e-5;
            const right = (f(at[name] + h) - f(at[name])) / h;
            const left = (f(at[name]) - f(at[name] - h)) / h;
            if (!(Math.abs(right - left) <= 1e-3 * Math.max(1, Math.abs(right)))) continue;
            const central = (f(at[name] + h) - f(at[name] - h)) / (2 * h);
            expect(Math.abs(g - central), `${inline} d/d${name}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(central)));
          }
        }
      }),
      { numRuns: 200, seed: 20261129 },
    );
  });
});
