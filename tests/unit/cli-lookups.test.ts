/**
 * The document's train/eval mode through the command line: dropout's mask in eval output, text and
 * JSON, the value it was applied to, and the identity in eval mode; embedding's index errors.
 */
import { describe, expect, it } from 'vitest';
import { runInProcess as run, writeDoc } from '../cli-in-process';

const X = [1, 2, 3, 4, 5, 6];

function file(mode: 'train' | 'eval' | undefined, tokens: number[] = [1, 3]): string {
  return writeDoc({
    version: 2,
    ...(mode && { mode }),
    nodes: [
      { id: 'x', op: 'input', value: { shape: [2, 3], data: X } },
      { id: 'drop', op: 'dropout', params: { p: 0.5, seed: 5 } },
      { id: 'tok', op: 'constant', value: { shape: [2], data: tokens } },
      { id: 'emb', op: 'embedding', params: { numEmbeddings: 4, embeddingDim: 2 } },
      { id: 's', op: 'sum' },
    ],
    edges: [
      { source: 'x', target: 'drop', port: 'x' },
      { source: 'drop', target: 's', port: 'x' },
      { source: 'tok', target: 'emb', port: 'indices' },
    ],
    output: 's',
  });
}

interface JsonNode {
  id: string;
  value: unknown;
  grad: unknown;
  error: string | null;
  state?: { mask: number[][] };
}
const node = (out: string, id: string) => (JSON.parse(out) as { nodes: JsonNode[] }).nodes.find((n) => n.id === id) as JsonNode;

describe('dropout through eval', () => {
  it('in train mode reports the mask as the node state, and the value and gradient follow it (kept ×2 at p = 0.5)', () => {
    const { stdout } = run('eval', file('train'), '--json');
    const drop = node(stdout, 'drop');
    const mask = (drop.state?.mask ?? []).flat();
    expect(mask).toHaveLength(6);
    expect(new Set(mask)).toEqual(new Set([0, 1]));
    expect((drop.value as number[][]).flat()).toEqual(X.map((v, i) => 2 * v * mask[i]));
    expect((node(stdout, 'x').grad as number[][]).flat()).toEqual(mask.map((m) => 2 * m));
    expect(run('eval', file('train')).stdout).toContain(
      `state of f3 (drop) after this pass: mask = tensor 2×3 [${mask.slice(0, 3).join(', ')}, …]`,
    );
  });

  it('draws the same mask on every run', () => {
    expect(node(run('eval', file('train'), '--json').stdout, 'drop').state).toEqual(
      node(run('eval', file('train'), '--json').stdout, 'drop').state,
    );
  });

  it('is the identity, without a state, in eval mode and when the document states no mode', () => {
    for (const mode of ['eval', undefined] as const) {
      const drop = node(run('eval', file(mode), '--json').stdout, 'drop');
      expect(drop.value).toEqual([X.slice(0, 3), X.slice(3)]);
      expect(drop.state).toBeUndefined();
    }
  });
});

describe('embedding through eval', () => {
  it('names an index out of range: the value, its element and the table size, on the node', () => {
    const { status, stdout } = run('eval', file(undefined, [1, 7]), '--json');
    expect(status).toBe(1);
    expect(node(stdout, 'emb').error).toBe(
      'embedding index 7 at element 1 [1] of indices 2 is not a whole number in 0..3 (numEmbeddings 4)',
    );
  });

  it('names an index that is not a whole number', () => {
    expect(node(run('eval', file(undefined, [0.5, 2]), '--json').stdout, 'emb').error).toBe(
      'embedding index 0.5 at element 0 [0] of indices 2 is not a whole number in 0..3 (numEmbeddings 4)',
    );
  });
});

describe('dropout through pytorch', () => {
  const doc = (shape: number[]) =>
    writeDoc({
      version: 2,
      mode: 'train',
      nodes: [
        { id: 'x', op: 'input', value: { shape, init: 'zeros' } },
        { id: 'drop', op: 'dropout', params: { p: 0.5, seed: 2 } },
      ],
      edges: [{ source: 'x', target: 'drop', port: 'x' }],
    });

  it("writes the engine's mask as a tensor, and a tensor too large to evaluate as torch's own dropout (its shape alone is checked)", () => {
    expect(run('pytorch', doc([2, 2])).stdout).toMatch(
      /^drop = x \* \(torch\.tensor\(\([01], [01], [01], [01]\), dtype=torch\.float64, device=x\.device\)\.reshape\(\(2, 2\)\) \/ \(1 - 0\.5\)\)$/m,
    );
    const big = run('pytorch', doc([4097, 4097]));
    expect(big.status).toBe(0);
    expect(big.stdout).toMatch(/^drop = F\.dropout\(x, 0\.5, training=True\)$/m);
  });
});
