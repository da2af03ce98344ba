import type { GraphDocument } from '../../graph/schema';

/** The topics the start screen and the gallery offer the examples under, in the order a course meets them. */
export const TOPICS = [
  { id: 'backprop', title: 'Backprop by hand', blurb: 'Scalar graphs: every fᵢ and bᵢ, the chain rule in numbers.' },
  { id: 'cnn', title: 'CNN arithmetic', blurb: 'Convolution and pooling cell by cell, output sizes, parameters and FLOPs.' },
  { id: 'layers', title: 'Layers, losses and norms', blurb: 'Linear layers, softmax and cross-entropy, normalisation, attention.' },
  { id: 'training', title: 'Training', blurb: 'Optimizers step by step, loss curves and landscapes, a real data set.' },
  { id: 'functions', title: 'Your own functions', blurb: 'Define a function once and use it as one node.' },
] as const;

export type TopicId = (typeof TOPICS)[number]['id'];

/** Ops that make a graph a CNN question: convolutions and pooling of every kind. */
const CNN_OP = /^(conv|convTranspose|maxPool|avgPool|adaptive|globalAvgPool)/;

const isTensor = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'shape' in v && Array.isArray(v.shape) && v.shape.length > 0;

/**
 * An example's topic, read from what it is made of, so an example added later lands under the
 * right heading without a list to keep up to date: a training set-up first, then functions, then
 * convolutions and pooling, then any other tensor graph; the rest are scalar backprop by hand.
 */
export function topicOf(doc: GraphDocument): TopicId {
  if (doc.training) return 'training';
  if (doc.functions?.length) return 'functions';
  if (doc.nodes.some((n) => CNN_OP.test(n.op))) return 'cnn';
  if (doc.nodes.some((n) => (n.op === 'input' || n.op === 'constant') && isTensor(n.value))) return 'layers';
  return 'backprop';
}

/** The examples under each topic, each list in the order given; topics with none are left out. */
export function byTopic<T extends { readonly doc: GraphDocument | null }>(
  items: readonly T[],
): { topic: (typeof TOPICS)[number]; items: T[] }[] {
  return TOPICS.map((topic) => ({ topic, items: items.filter((it) => it.doc && topicOf(it.doc) === topic.id) })).filter(
    (g) => g.items.length > 0,
  );
}
