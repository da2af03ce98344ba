import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EPS32 } from '../ops/tensor/kernels/float32';
import type { Tensor } from '../tensor/tensor';
import { analyze } from './analyze';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { FAST_F32_MIN_MACS, fastFloat32Applies, planMacs } from './fast-float32';
import { parseDocument } from './load';
import type { GraphDocument } from './schema';

const DIR = 'public/examples';
const examples = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const r = parseDocument(readFileSync(`${DIR}/${f}`, 'utf8'));
    if (!r.ok) throw new Error(`${f} does not load`);
    return { f, doc: r.doc };
  });

/** A·B for two n×n inputs drawn uniform in [−1, 1]: n³ multiply-adds forward. */
const product = (n: number): GraphDocument =>
  ({
    format: 'backprop-studio.graph',
    version: 2,
    nodes: [
      { id: 'a', op: 'input', position: { x: 0, y: 0 }, value: { shape: [n, n], init: 'uniform', scale: 1, seed: 1 } },
      { id: 'b', op: 'input', position: { x: 0, y: 100 }, value: { shape: [n, n], init: 'uniform', scale: 1, seed: 2 } },
      { id: 'ab', op: 'matmul', position: { x: 200, y: 50 } },
    ],
    edges: [
      { source: 'a', target: 'ab', port: 'a' },
      { source: 'b', target: 'ab', port: 'b' },
    ],
    output: 'ab',
  }) as GraphDocument;

const worst = (x: Tensor, ref: Tensor) => x.data.reduce((m, v, i) => Math.max(m, Math.abs(v - ref.data[i])), 0);

describe('fast float32 mode', () => {
  it('applies to no example but the VGG one, whose answers are shapes and parameter counts only', () => {
    const big = examples.filter(({ doc }) => fastFloat32Applies(compile(doc))).map(({ f }) => f);
    expect(big).toEqual(['p9-vgg-shapes.json']);
    const vgg = examples.find(({ f }) => f === 'p9-vgg-shapes.json')?.doc;
    const answers = Object.values(vgg?.expected?.nodes ?? {}).flatMap((e) => Object.keys(e));
    expect(new Set(answers)).toEqual(new Set(['shape', 'params']));
  });

  it('leaves every other example bit for bit as float64 computes it, even when asked for', () => {
    for (const { f, doc } of examples.filter(({ f }) => f !== 'p9-vgg-shapes.json')) {
      const plan = compile(doc);
      const plain = evaluate(plan);
      const asked = evaluate(plan, { fastFloat32: true });
      expect(asked.float32, f).toBeUndefined();
      for (let k = 0; k < plan.n; k++) {
        expect(asked.value(k), `${f} f${k + 1}`).toEqual(plain.value(k));
        expect(asked.grad(k), `${f} b${k + 1}`).toEqual(plain.grad(k));
      }
    }
  });

  it('is off by default: a graph over the threshold runs in float64 and carries no report', () => {
    const doc = product(1024);
    expect(planMacs(compile(doc))).toBe(1024 ** 3);
    expect(1024 ** 3).toBeGreaterThanOrEqual(FAST_F32_MIN_MACS);
    expect(analyze(doc).evaluation.float32).toBeUndefined();
  });

  it('runs the big products in float32 when asked, reporting them and an error within the bound', () => {
    const n = 1024;
    const doc = product(n);
    const f64 = analyze(doc);
    const f32 = analyze(doc, { fastFloat32: true });
    const report = f32.evaluation.float32;
    // Forward A·B, and backward dA = dC·Bᵀ and dB = Aᵀ·dC.
    expect(report?.products).toBe(3);
    expect(report?.macs).toBe(3 * n ** 3);
    expect(report?.bound).toBe((n + 2) * EPS32);
    expect(report?.sampledError).toBeGreaterThan(0);
    expect(report?.sampledError).toBeLessThan(report?.bound ?? 0);
    // |a|, |b| ≤ 1 and the seed is ones, so Σ|a·b| ≤ n for every entry of all three products.
    const out = f32.output?.value as Tensor;
    const ref = f64.output?.value as Tensor;
    expect(worst(out, ref)).toBeGreaterThan(0);
    expect(worst(out, ref)).toBeLessThan((report?.bound ?? 0) * n);
    for (const name of ['a', 'b'])
      expect(worst(f32.gradients[name] as Tensor, f64.gradients[name] as Tensor)).toBeLessThan((report?.bound ?? 0) * n);
  }, 60_000);
});
