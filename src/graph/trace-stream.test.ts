import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { compile } from './compile';
import { evaluate } from './evaluate';
import { parseDocument } from './load';
import type { GraphDocument } from './schema';
import { buildTrace, type Step } from './trace';
import {
  applyChunk,
  assembledTrace,
  expectedSteps,
  isSummary,
  streamTrace,
  summarize,
  type StreamStep,
  type StreamValue,
  type TensorSummary,
  type TraceChunk,
} from './trace-stream';
import type { Tensor, Value } from '../tensor/tensor';

function example(name: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(`../../public/examples/${name}.json`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${name} should load`);
  return r.doc;
}

/** Streams a document's trace in chunks of at most `size` steps, each cloned as postMessage would. */
function chunksOf(doc: GraphDocument, size: number, limit?: number): { chunks: TraceChunk[]; order: number[] } {
  const plan = compile(doc);
  const chunks: TraceChunk[] = [];
  const order: number[] = [];
  let at: number[] = [];
  let steps: StreamStep[] = [];
  const flush = (done: boolean) => {
    chunks.push(structuredClone({ forwardCount: plan.n, expected: expectedSteps(plan), at, steps, done }));
    [at, steps] = [[], []];
  };
  streamTrace(
    plan,
    {
      step: (i, s) => {
        order.push(i);
        at.push(i);
        steps.push(s);
        if (steps.length === size) flush(false);
      },
      end: () => flush(true),
    },
    { limit },
  );
  return { chunks, order };
}

function reassembled(chunks: readonly TraceChunk[]) {
  let steps: (StreamStep | undefined)[] = [];
  for (const c of chunks) steps = applyChunk(steps, c);
  return assembledTrace(steps, chunks[0].forwardCount);
}

const oneGo = (doc: GraphDocument) => buildTrace(evaluate(compile(doc))).all();

describe('the streamed step trace', () => {
  it.each([
    ['p1-backprop', 1],
    ['p1-backprop', 5],
    ['p12-conv-gradient', 1],
    ['p12-conv-gradient', 3],
    ['p5-pooling-by-hand', 2],
    ['resnet18-basic-block', 4],
  ])('of %s, in chunks of %i steps, reassembles to exactly the trace built in one go', (name, size) => {
    const doc = example(name);
    const { chunks } = chunksOf(doc, size);
    const trace = reassembled(chunks);
    expect(chunks.at(-1)?.done).toBe(true);
    expect(trace.length).toBe(oneGo(doc).length);
    expect(trace.all()).toEqual(oneGo(doc));
  });

  it('sends a tensor graph step by step in trace order while it evaluates', () => {
    const doc = example('p12-conv-gradient');
    const { order } = chunksOf(doc, 1);
    expect(order).toEqual(Array.from({ length: oneGo(doc).length }, (_, i) => i));
  });

  it('sends again a forward step whose problem the backward pass found (sqrt at 0: an infinite gradient)', () => {
    const doc = graph(
      [inp('x', { shape: [2], data: [0, 4] }), ['r', 'sqrt'], ['s', 'sum']],
      [
        ['x', 'r', 'u'],
        ['r', 's', 'x'],
      ],
    );
    const truth = oneGo(doc);
    expect(truth[0]).toMatchObject({ kind: 'forward', problem: { code: 'not-finite', what: 'gradient' } });
    const { chunks, order } = chunksOf(doc, 1);
    expect(order.filter((i) => i === 0)).toHaveLength(2);
    expect(reassembled(chunks).all()).toEqual(truth);
  });

  it('expects as many steps as a graph that evaluates has', () => {
    for (const name of ['p1-backprop', 'p12-conv-gradient', 'resnet18-basic-block']) {
      expect(expectedSteps(compile(example(name)))).toBe(oneGo(example(name)).length);
    }
  });
});

function statsOf(t: Tensor): [number, number, number] {
  const xs = Array.from(t.data);
  return [Math.min(...xs), Math.max(...xs), xs.reduce((a, b) => a + b, 0) / xs.length];
}

/** Every value in a step, in a fixed order, for pairing a streamed step with the step built in one go. */
function valuesOf<V>(s: Step<V>): (V | undefined)[] {
  return s.kind === 'forward'
    ? [s.value, ...s.inputs.map((i) => i.value)]
    : [s.grad, ...s.contributions.flatMap((c) => [c.upstream, c.local]), ...s.downstream.map((d) => d.local)];
}

describe('summaries of the tensors too big to send', () => {
  it('keep the shape, min, max and mean of every large tensor, and small values whole', () => {
    const doc = example('p12-conv-gradient');
    const streamed = reassembled(chunksOf(doc, 4, 100).chunks).all();
    const truth = oneGo(doc);
    let summaries = 0;
    truth.forEach((step, i) => {
      const got: (StreamValue | undefined)[] = valuesOf(streamed[i]);
      valuesOf(step).forEach((v: Value | undefined, j) => {
        if (v === undefined || typeof v === 'number' || v.data.length <= 100) {
          expect(got[j]).toEqual(v);
          return;
        }
        const s = got[j] as TensorSummary;
        expect(isSummary(s)).toBe(true);
        expect(s.shape).toEqual(v.shape);
        const [min, max, mean] = statsOf(v);
        expect([s.min, s.max]).toEqual([min, max]);
        expect(s.mean).toBeCloseTo(mean, 12);
        summaries++;
      });
    });
    expect(summaries).toBeGreaterThan(3);
  });

  it('thumbnail a 64 × 64 matrix by the means of its 2 × 2 blocks', () => {
    const t: Tensor = { shape: [1, 64, 64], data: Float64Array.from({ length: 64 * 64 }, (_, i) => i) };
    const s = summarize(t);
    expect([s.thumb.rows, s.thumb.cols]).toEqual([32, 32]);
    // Block (i, j) holds 128i + 2j, +1, +64, +65: its mean is 128i + 2j + 32.5.
    const want = Array.from({ length: 32 * 32 }, (_, q) => 128 * Math.floor(q / 32) + 2 * (q % 32) + 32.5);
    expect(Array.from(s.thumb.data)).toEqual(want);
    expect([s.min, s.max, s.mean]).toEqual([0, 4095, 2047.5]);
  });

  it('thumbnail a vector of 100 by 32 unequal runs, each its own mean', () => {
    const s = summarize({ shape: [100], data: Float64Array.from({ length: 100 }, (_, i) => i) });
    expect([s.thumb.rows, s.thumb.cols]).toEqual([1, 32]);
    // Run j covers [floor(100j/32), floor(100(j+1)/32)): the mean of consecutive integers is the mean of the ends.
    const want = Array.from({ length: 32 }, (_, j) => (Math.floor((100 * j) / 32) + Math.floor((100 * (j + 1)) / 32) - 1) / 2);
    expect(Array.from(s.thumb.data)).toEqual(want);
  });
});
