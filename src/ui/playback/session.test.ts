import { readFileSync } from 'node:fs';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { sessionFor, sessionResult } from './session';

function example(file: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(`../../../public/examples/${file}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${file} should load`);
  return r.doc;
}

describe('the playback session of a document', () => {
  it('traces P1 once per version of the document', () => {
    const doc = example('p1-backprop.json');
    const s = sessionFor(doc);
    expect(s?.trace.length).toBe(14);
    expect(sessionFor(doc)).toBe(s);
    expect(sessionFor({ ...doc })).not.toBe(s);
  });

  it('traces the ResNet block (1.2M multiply-adds) here, but leaves AlexNet’s first layer and VGG to the worker', () => {
    expect(sessionFor(example('resnet18-basic-block.json'))?.trace.forwardCount).toBe(9);
    // conv1: 64 output channels × 56 × 56 cells × 3 × 11 × 11 taps = 72,855,552.
    const p6 = sessionResult(example('p6-alexnet-conv1.json'));
    expect(p6).toMatchObject({ session: null, tooLarge: true });
    expect(p6.problem).toBe('This graph is traced in the evaluation worker (72.86M multiply-adds), not on the page.');
    expect(sessionResult(example('p9-vgg-shapes.json'))).toMatchObject({ session: null, tooLarge: true });
  });
});
