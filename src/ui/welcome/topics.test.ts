import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../graph/load';
import { byTopic, topicOf } from './topics';

const dir = join(process.cwd(), 'public', 'examples');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((file) => {
    const r = parseDocument(readFileSync(join(dir, file), 'utf8'));
    if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
    return { file, doc: r.doc };
  });
function docOf(file: string) {
  const doc = examples.find((e) => e.file === file)?.doc;
  if (!doc) throw new Error(`no example ${file}`);
  return doc;
}
const topic = (file: string) => topicOf(docOf(file));

describe('example topics, read from what each example is made of', () => {
  it('puts the scalar exam questions under backprop by hand', () => {
    expect(['p1-backprop.json', 'p2-gradient-step.json', 'p13-activations.json'].map(topic)).toEqual(['backprop', 'backprop', 'backprop']);
  });

  it('puts convolution and pooling questions under CNN arithmetic', () => {
    for (const f of [
      'p4-conv-by-hand.json',
      'p5-pooling-by-hand.json',
      'p6-alexnet-conv1.json',
      'p8-lenet-params.json',
      'p12-conv-gradient.json',
    ])
      expect(topic(f)).toBe('cnn');
  });

  it('puts other tensor graphs under layers, and graphs with functions under functions', () => {
    expect(['p10-losses-at-init.json', 'p11-normalisation.json', 't1-attention-scores.json'].map(topic)).toEqual([
      'layers',
      'layers',
      'layers',
    ]);
    expect(['f1-sigmoid-neuron.json', 'f2-network-2-2-1.json', 'f3-gelu-tanh.json'].map(topic)).toEqual([
      'functions',
      'functions',
      'functions',
    ]);
  });

  it('files a document with a training set-up under training, whatever it is made of', () => {
    expect(topicOf({ ...docOf('p1-backprop.json'), training: { optimizer: { name: 'sgd', lr: 0.1 } } })).toBe('training');
  });

  it('lists every example under exactly one topic, in the course’s order of topics', () => {
    const groups = byTopic(examples);
    expect(groups.flatMap((g) => g.items).length).toBe(examples.length);
    expect(groups.map((g) => g.topic.id)).toEqual(['backprop', 'cnn', 'layers', 'training', 'functions']);
  });
});
