import type { SourceOp } from './types';

/** A variable of the graph: its value lives on the node, and its gradient is reported. */
export const input: SourceOp = {
  kind: 'source',
  type: 'input',
  title: 'Input',
  group: 'Inputs',
  keywords: ['variable', 'parameter', 'weight', 'tensor'],
  inputs: [],
  params: [{ name: 'trainable', kind: 'bool', default: false, label: 'trainable (updated by a training step)' }],
  symbol: () => 'in',
  text: () => '',
  latex: () => '',
};

/** A fixed number or tensor, not a variable: no gradient is reported for it. */
export const constant: SourceOp = {
  kind: 'source',
  type: 'constant',
  title: 'Constant',
  group: 'Inputs',
  keywords: ['number', 'fixed'],
  inputs: [],
  params: [],
  symbol: () => 'const',
  text: () => '',
  latex: () => '',
};
