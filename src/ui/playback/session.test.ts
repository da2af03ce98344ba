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

  it('traces AlexNet’s first layer, but not a whole VGG stack, which would freeze the page', () => {
    expect(sessionFor(example('p6-alexnet-conv1.json'))?.trace.forwardCount).toBe(2);
    const vgg = sessionResult(example('p9-vgg-shapes.json'));
    expect(vgg.session).toBeNull();
    expect(vgg.problem).toMatch(/^This graph is too large to play step by step \([\d.]+G multiply-adds; up to 150M can be played\)\.$/);
  });
});
