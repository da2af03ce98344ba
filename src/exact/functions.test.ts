import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { compile } from '../graph/compile';
import { evaluate } from '../graph/evaluate';
import { formulaToDocument } from '../graph/formula-to-graph';
import type { GraphDocument } from '../graph/schema';
import { createExactEngine } from './engine';

const exact = createExactEngine(mathjs);
const expand = (doc: GraphDocument): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.op === 'call' ? { ...n, expanded: true } : n)),
});

/** g(u, v) = sq(u) * v with sq(e) = e^2 + 1 (an argument named like mathjs's constant e), at x = 3, y = 2. */
const doc = formulaToDocument('g(x, y) + 2^x', {
  values: { x: 3, y: 2 },
  functions: [
    { name: 'sq', args: ['e'], body: 'e^2 + 1' },
    { name: 'g', args: ['u', 'v'], body: 'sq(u) * v' },
  ],
});

describe('exact forms through calls', () => {
  it('collapsed: g(3, 2) = 20 with local derivatives ∂g/∂u = 2uv = 12 and ∂g/∂v = u² + 1 = 10; d/dx = 8 ln 2 + 12', () => {
    const plan = compile(doc);
    const ev = exact.exactValues(plan, evaluate(plan));
    const k = plan.index.get('call1') as number;
    expect(ev.value[k]?.text).toBe('20');
    expect(ev.local[k].map((l) => l?.text)).toEqual(['12', '10']);
    expect(ev.grad[0]?.text).toBe('8 ln 2 + 12');
    expect(ev.grad[1]?.text).toBe('10');
  });

  it('expanded: the body’s own nodes get exact forms, the gradients are the same', () => {
    const plan = compile(expand(doc));
    const ev = exact.exactValues(plan, evaluate(plan));
    expect(plan.ids.slice(3, 5)).toEqual(['call1/call1', 'call1/mul1']);
    expect(ev.value.slice(3, 5).map((v) => v?.text)).toEqual(['10', '20']);
    expect(ev.grad[0]?.text).toBe('8 ln 2 + 12');
  });

  it('analytic gradients see through the call: d/dx = 2xy + ln 2 · 2^x, d/dy = x² + 1', () => {
    for (const d of [doc, expand(doc)]) {
      const a = exact.analyticGradients(compile(d));
      expect(a.x?.text).toBe('2 y · x + ln 2 · 2^x');
      expect(a.y?.text).toBe('x^2 + 1');
    }
  });
});
