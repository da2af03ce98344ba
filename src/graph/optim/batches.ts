import { rng } from '../../tensor/init';
import type { Tensor } from '../../tensor/tensor';

/**
 * The minibatch order: a seeded shuffle per epoch, like a DataLoader with shuffle=True and
 * drop_last=False. One mulberry32 stream (src/tensor/init.ts), seeded with `seed`, draws a
 * Fisher–Yates shuffle of 0..n−1 for epoch 0, then the next for epoch 1, and so on; the batches of
 * an epoch are consecutive slices of its permutation, the last one smaller when B does not divide n.
 * Step t is a pure function of (n, B, seed, t), so a saved run resumes on the same batches.
 */
export class BatchOrder {
  private readonly rand: () => number;
  private readonly epochs: Int32Array[] = [];
  readonly perEpoch: number;

  constructor(
    readonly n: number,
    readonly batchSize: number,
    seed: number,
  ) {
    this.rand = rng(seed);
    this.perEpoch = Math.ceil(n / batchSize);
  }

  private permutation(epoch: number): Int32Array {
    while (this.epochs.length <= epoch) this.epochs.push(fisherYates(this.n, this.rand));
    return this.epochs[epoch];
  }

  /** The sample indices of optimizer step t (0-based, counted over the whole run). */
  batch(t: number): Int32Array {
    const epoch = Math.floor(t / this.perEpoch);
    const start = (t % this.perEpoch) * this.batchSize;
    return this.permutation(epoch).subarray(start, Math.min(start + this.batchSize, this.n));
  }
}

/** The rows `rows` of a tensor whose first axis is samples. */
export function takeRows(t: Tensor, rows: ArrayLike<number>): Tensor {
  const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) data.set(t.data.subarray(rows[r] * width, (rows[r] + 1) * width), r * width);
  return { shape: [rows.length, ...t.shape.slice(1)], data };
}

/** A Fisher–Yates shuffle of 0..n−1 drawn from `rand`. */
function fisherYates(n: number, rand: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** 0..n−1 shuffled by mulberry32(seed): the held-out split's order (its last samples are held out). */
export const shuffled = (n: number, seed: number): Int32Array => fisherYates(n, rng(seed));
