import { readFileSync } from 'node:fs';
import { compile } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { buildTrace } from '../../graph/trace';
import { applyChunk, assembledTrace, type StreamStep, type TraceChunk } from '../../graph/trace-stream';
import type { TraceReply } from '../eval/protocol';
import { answer } from './answer';
import { chunkSink, EAGER_STEPS, FLUSH_MS } from './trace-chunks';

function example(file: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(`../../../public/examples/${file}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${file} should load`);
  return r.doc;
}

describe('the evaluation worker’s trace messages', () => {
  it.each(['p1-backprop.json', 'p12-conv-gradient.json', 'resnet18-basic-block.json'])(
    'for %s: chunks of its generation, the last one done, that reassemble to the trace built in one go, then the answer',
    (file) => {
      const doc = example(file);
      const partials: TraceReply[] = [];
      const { reply } = answer({ generation: 7, doc }, (p) => partials.push(structuredClone(p)));
      expect(reply.ok).toBe(true);
      expect(partials.every((p) => p.generation === 7 && p.partial)).toBe(true);
      expect(partials.map((p) => p.chunk.done)).toEqual([...partials.slice(1).map(() => false), true]);
      // The first message carries no step: the plan's counts, at once.
      expect(partials[0].chunk.at).toEqual([]);
      let steps: (StreamStep | undefined)[] = [];
      for (const p of partials) steps = applyChunk(steps, p.chunk);
      const truth = buildTrace(evaluate(compile(doc))).all();
      expect(partials[0].chunk.expected).toBe(truth.length);
      expect(assembledTrace(steps, partials[0].chunk.forwardCount).all()).toEqual(truth);
    },
  );

  it('posts the first steps one by one, then batches whatever comes within FLUSH_MS', () => {
    const plan = compile(example('p1-backprop.json'));
    const chunks: TraceChunk[] = [];
    let clock = 0;
    const sink = chunkSink(
      plan,
      (c) => chunks.push(c),
      () => clock,
    );
    const step = buildTrace(evaluate(plan)).at(0);
    for (let i = 0; i < EAGER_STEPS; i++) sink.step(i, step);
    expect(chunks.map((c) => c.at.length)).toEqual([0, ...new Array<number>(EAGER_STEPS).fill(1)]);
    sink.step(EAGER_STEPS, step);
    sink.step(EAGER_STEPS + 1, step);
    expect(chunks).toHaveLength(EAGER_STEPS + 1);
    clock += FLUSH_MS;
    sink.step(EAGER_STEPS + 2, step);
    expect(chunks.at(-1)?.at).toEqual([EAGER_STEPS, EAGER_STEPS + 1, EAGER_STEPS + 2]);
    sink.end();
    expect(chunks.at(-1)).toMatchObject({ at: [], done: true });
  });
});
