import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../load';
import type { GraphDocument } from '../schema';
import { coordinatesOf, defaultPair, gridOf, Surface, trajectoryOf, type Coord } from './landscape';
import { withTraining } from './loop';

function load(file: string): GraphDocument {
  const r = parseDocument(readFileSync(`public/examples/${file}`, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
  return r.doc;
}

const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));

describe('the loss landscape over two parameters', () => {
  const valley = load('l1-valley-momentum.json');
  const pair = defaultPair(valley) as readonly [Coord, Coord];

  it('takes the only two trainable scalars of the valley as its axes', () => {
    expect(pair.map((c) => c.label)).toEqual(['a', 'b']);
  });

  it('samples the valley on a grid (ends included) at exactly ½(a² + 25 b²)', () => {
    const g = gridOf(new Surface(valley, pair), [-5, 2], [-1.5, 1.5], 29, 13);
    expect(g.values.length).toBe(29 * 13);
    for (let j = 0; j < 13; j++)
      for (let i = 0; i < 29; i++) {
        const a = -5 + (7 * i) / 28;
        const b = -1.5 + (3 * j) / 12;
        close(g.values[j * 29 + i], 0.5 * (a * a + 25 * b * b));
      }
  });

  it("gives the engine's gradient (a, 25 b) at a point", () => {
    const at = new Surface(valley, pair).at(1.5, -0.4);
    close(at.loss, 0.5 * (1.5 ** 2 + 25 * 0.16));
    close(at.grad[0], 1.5);
    close(at.grad[1], -10);
  });

  it('varies two entries of a tensor with the rest of the graph fixed: P3 is ½ Σ (a₁x₁ + a₂x₂ − t)²', () => {
    const p3 = load('l3-p3-lr-too-large.json');
    const cs = coordinatesOf(p3);
    expect(cs.map((c) => c.label)).toEqual(['A[0,0]', 'A[0,1]']);
    const x = [
      [2, 1, -1],
      [4, -2, 0],
    ];
    const t = [15, 3, 1];
    const L = (a1: number, a2: number) => 0.5 * t.reduce((s, tj, j) => s + (a1 * x[0][j] + a2 * x[1][j] - tj) ** 2, 0);
    const g = gridOf(new Surface(p3, [cs[0], cs[1]]), [0, 7], [-2, 5], 8, 8);
    for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) close(g.values[j * 8 + i], L(i, j - 2));
    close(new Surface(p3, [cs[0], cs[1]]).at(3, 2).loss, 16.5);
  });

  it('refuses the same parameter on both axes', () => {
    expect(() => new Surface(valley, [pair[0], pair[0]])).toThrow('two different parameters, not a twice');
  });

  it('replays a run step by step: SGD on the valley is a ← (1 − lr) a, b ← (1 − 25 lr) b', () => {
    const start = withTraining(valley, { optimizer: { name: 'sgd', lr: 0.02 } });
    const pts = trajectoryOf(start, 10, pair);
    expect(pts.length).toBe(11);
    pts.forEach(([a, b], k) => {
      close(a, -4 * 0.98 ** k);
      close(b, 0.5 ** k);
    });
  });
});
