import { describe, expect, it } from 'vitest';
import { BatchOrder, shuffled, takeRows } from './batches';

describe('the minibatch order', () => {
  it('visits every sample once per epoch, in batches of B and a smaller last one, reshuffled each epoch', () => {
    const order = new BatchOrder(10, 4, 7);
    const epoch = (e: number) => [0, 1, 2].map((k) => Array.from(order.batch(e * 3 + k)));
    const [e0, e1] = [epoch(0), epoch(1)];
    expect(e0.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(e0.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e1.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e1.flat()).not.toEqual(e0.flat());
  });

  it('is a function of (n, B, seed, step): a new order asked for step 5 first gives what the first gave', () => {
    const a = new BatchOrder(50, 8, 3);
    const seen = Array.from({ length: 12 }, (_, t) => Array.from(a.batch(t)));
    expect(Array.from(new BatchOrder(50, 8, 3).batch(5))).toEqual(seen[5]);
    expect(Array.from(new BatchOrder(50, 8, 4).batch(0))).not.toEqual(seen[0]);
  });

  it('takes rows of a samples-first tensor', () => {
    const t = { shape: [3, 2], data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    expect(takeRows(t, [2, 0])).toEqual({ shape: [2, 2], data: Float64Array.of(5, 6, 1, 2) });
    expect(Array.from(shuffled(5, 1)).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
