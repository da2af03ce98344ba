/**
 * Test support: documents that use every op, in the corners where conventions differ (ties,
 * zeros, padding, broadcasting, soft targets, batched and unbatched input), the elementwise ops
 * at the test points their definitions list, with the engine's own values and gradients as their
 * expected block. Exported to PyTorch, each one checks the engine against torch op by op. Used by
 * tests only.
 */
import { fixtureProblemText, makeExpected, withExpected } from '../../graph/expected';
import type { GraphDocument, GraphNode, NodeValue } from '../../graph/schema';
import { OPS } from '../../ops/registry';
import type { CheckPoint, Params } from '../../ops/types';

type NodeSpec = [id: string, op: string, extra?: Partial<GraphNode>];
type EdgeSpec = [source: string, target: string, port: string];

const input = (id: string, value: NodeValue): NodeSpec => [id, 'input', { value }];

/** A tensor filled by f(flat index). */
function t(shape: number[], f: (i: number) => number): NodeValue {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Array.from({ length: n }, (_, i) => f(i)) };
}

/**
 * Squares and sums each branch and adds the sums into one scalar output: every branch then gets a
 * gradient that differs from element to element, unlike a plain sum's ones.
 */
function document(title: string, nodes: NodeSpec[], edges: EdgeSpec[], branches: readonly string[]): GraphDocument {
  let acc = '';
  for (const b of branches) {
    nodes.push([`${b}_sq`, 'square'], [`${b}_sum`, 'sum']);
    edges.push([b, `${b}_sq`, 'u'], [`${b}_sq`, `${b}_sum`, 'x']);
    if (acc) {
      nodes.push([`acc_${b}`, 'add']);
      edges.push([acc, `acc_${b}`, 'a'], [`${b}_sum`, `acc_${b}`, 'b']);
    }
    acc = acc ? `acc_${b}` : `${b}_sum`;
  }
  return {
    format: 'backprop-studio.graph',
    version: 2,
    title,
    nodes: nodes.map(([id, op, extra]) => ({ id, op, position: { x: 0, y: 0 }, ...extra })),
    edges: edges.map(([source, target, port]) => ({ source, target, port })),
    output: acc,
  };
}

/**
 * Every elementwise op at its own test points, smooth ones and kinks (ties, zeros), as its
 * definition lists them: one node per op and parameter set, each port fed a vector of the points.
 */
function points(): GraphDocument {
  const nodes: NodeSpec[] = [];
  const edges: EdgeSpec[] = [];
  const branches: string[] = [];
  for (const op of OPS) {
    if (op.kind !== 'elementwise') continue;
    const byParams = new Map<string, CheckPoint[]>();
    for (const pt of [...op.checks.smooth, ...(op.checks.kinks ?? [])]) {
      const key = JSON.stringify(pt.params ?? {});
      byParams.set(key, [...(byParams.get(key) ?? []), pt]);
    }
    [...byParams].forEach(([key, pts], i) => {
      const id = `${op.type}${i || ''}`;
      const params = JSON.parse(key) as Params;
      nodes.push([id, op.type, Object.keys(params).length ? { params } : {}]);
      for (const port of op.inputs) {
        nodes.push(
          input(
            `${id}_${port.name}`,
            t([pts.length], (k) => pts[k].at[port.name]),
          ),
        );
        edges.push([`${id}_${port.name}`, id, port.name]);
      }
      branches.push(id);
    });
  }
  return document('every elementwise op at its test points', nodes, edges, branches);
}

/** The binary elementwise ops on a 2×3 tensor with zeros and negatives, broadcast against a vector and a scalar. */
function broadcasting(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'x',
      t([2, 3], (i) => [-1.5, 0, 0.5, 2, -0.25, 1][i]),
    ),
    input(
      'y',
      t([3], (i) => [0.5, 0, -2][i]),
    ), // y[1] = x[0][1] = 0: a tie for max and min
    input(
      'p',
      t([2, 3], (i) => [0.5, 1, 2, 3, 0.25, 4][i]),
    ),
    input('s', 0.7),
  ];
  const edges: EdgeSpec[] = [];
  const binary: [id: string, op: string, a: string, b: string][] = [
    ['add', 'add', 'x', 'y'],
    ['sub', 'sub', 'x', 's'],
    ['mul', 'mul', 'x', 'p'],
    ['div', 'div', 'x', 'p'],
    ['max', 'max', 'x', 'y'],
    ['min', 'min', 'y', 'x'],
  ];
  for (const [id, op, a, b] of binary) {
    nodes.push([id, op]);
    edges.push([a, id, 'a'], [b, id, 'b']);
  }
  return document(
    'the binary elementwise ops, broadcast',
    nodes,
    edges,
    binary.map((b) => b[0]),
  );
}

/** Convolution, pooling (padded, strided, with tied maxima), linear and batched matrix products. */
function layers(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'img',
      t([2, 2, 5, 6], (i) => ((i * 7) % 11) / 4 - 1.25),
    ),
    input(
      'w',
      t([3, 2, 3, 2], (i) => ((i * 5) % 7) / 3 - 1),
    ),
    input(
      'b',
      t([3], (i) => [0.1, -0.2, 0.3][i]),
    ),
    ['conv1', 'conv2d', { params: { inChannels: 2, outChannels: 3, kernel: [3, 2], stride: [2, 1], padding: [1, 0] } }],
    ['conv2', 'conv2d', { params: { inChannels: 2, outChannels: 2, kernel: 3, padding: 1, init: 'kaimingNormal', seed: 3 } }],
    ['mp', 'maxPool2d', { params: { kernel: 3, stride: 2, padding: 1 } }],
    ['ap', 'avgPool2d', { params: { kernel: 2, stride: 1, padding: 1 } }],
    ['fl', 'flatten', { params: { startDim: 1 } }],
    ['lin', 'linear', { params: { inFeatures: 72, outFeatures: 4, init: 'xavierUniform', seed: 2 } }],
    ['lin2', 'linear', { params: { inFeatures: 4, outFeatures: 3, bias: false, init: 'xavierNormal', seed: 5 } }],
    input(
      'tie',
      t([1, 4, 4], (i) => [1, 1, 0, 2, 1, 1, 2, 2, 3, 0, 5, 5, 0, 3, 5, 5][i]),
    ),
    ['mpTie', 'maxPool2d', { params: { kernel: 2 } }],
    input(
      'a3',
      t([2, 2, 3], (i) => (i % 5) - 2),
    ),
    input(
      'm',
      t([3, 2], (i) => [0.5, -1, 2, 0.25, -0.5, 1][i]),
    ),
    ['mm', 'matmul'],
  ];
  const edges: EdgeSpec[] = [
    ['img', 'conv1', 'x'],
    ['w', 'conv1', 'weight'],
    ['b', 'conv1', 'bias'],
    ['img', 'conv2', 'x'],
    ['conv2', 'mp', 'x'],
    ['conv1', 'ap', 'x'],
    ['ap', 'fl', 'x'],
    ['fl', 'lin', 'x'],
    ['lin', 'lin2', 'x'],
    ['tie', 'mpTie', 'x'],
    ['a3', 'mm', 'a'],
    ['m', 'mm', 'b'],
  ];
  return document('every layer', nodes, edges, ['mp', 'lin2', 'mpTie', 'mm']);
}

/** Reshaping, reductions, softmax, the three norms and the losses, batched and unbatched. */
function functional(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'x',
      t([2, 3, 4], (i) => ((i * 7) % 13) / 5 - 1),
    ),
    ['fl0', 'flatten'],
    ['flLast', 'flatten', { params: { startDim: -1 } }],
    ['rs', 'reshape', { params: { shape: [4, -1] } }],
    ['tr', 'transpose'],
    ['tr02', 'transpose', { params: { dim0: 0, dim1: 2 } }],
    ['sumAxis', 'sum', { params: { all: false, axis: 1, keepdim: true } }],
    ['meanAll', 'mean', { params: { keepdim: true } }],
    ['meanAxis', 'mean', { params: { all: false, axis: -1 } }],
    ['sm', 'softmax', { params: { axis: 0 } }],
    ['lsm', 'logSoftmax'],
    input(
      'xb',
      t([2, 3, 2, 2], (i) => ((i * 5) % 11) / 3 - 1.5),
    ),
    input(
      'g',
      t([3, 2, 2], (i) => 1 + i / 10),
    ),
    input(
      'be',
      t([3, 2, 2], (i) => (i % 3) / 4),
    ),
    ['bn', 'batchNorm', { params: { affine: true } }],
    ['ln', 'layerNorm'],
    ['inorm', 'instanceNorm'],
    input(
      'xc',
      t([4, 3], (i) => ((i * 3) % 7) - 3),
    ),
    ['bn2', 'batchNorm', { params: { eps: 1e-3 } }],
    ['ln2', 'layerNorm'],
    // Row 0, label 0, margin 0.5: score 2 is exactly at the margin (a hinge of 0, inactive in both).
    input(
      'logits',
      t([3, 4], (i) => [1, 0, 0.5, -1, 0.2, 0.4, -0.3, 2, -1, 1.5, 0, 0.5][i]),
    ),
    ['labels', 'constant', { value: t([3], (i) => [0, 3, 1][i]) }],
    // The last row sums to 1.25: a soft target need not be a distribution.
    input(
      'probs',
      t([3, 4], (i) => [0.1, 0.2, 0.3, 0.4, 0, 0, 1, 0, 0.5, 0.25, 0.5, 0][i]),
    ),
    ['ce', 'crossEntropy'],
    ['ceSoft', 'crossEntropy', { params: { targetKind: 'probabilities', reduction: 'sum' } }],
    ['mse', 'mse', { params: { half: true } }],
    ['svm', 'svmHinge', { params: { margin: 0.5 } }],
    input(
      'v',
      t([4], (i) => [0.3, -0.2, 1.1, 0.4][i]),
    ),
    ['lbl', 'constant', { value: 2 }],
    ['ce1', 'crossEntropy'],
    ['svm1', 'svmHinge', { params: { reduction: 'sum' } }],
  ];
  const edges: EdgeSpec[] = [
    ['x', 'fl0', 'x'],
    ['x', 'flLast', 'x'],
    ['x', 'rs', 'x'],
    ['rs', 'tr', 'x'],
    ['x', 'tr02', 'x'],
    ['x', 'sumAxis', 'x'],
    ['x', 'meanAll', 'x'],
    ['x', 'meanAxis', 'x'],
    ['x', 'sm', 'x'],
    ['x', 'lsm', 'x'],
    ['xb', 'bn', 'x'],
    ['xb', 'ln', 'x'],
    ['g', 'ln', 'gamma'],
    ['be', 'ln', 'beta'],
    ['xb', 'inorm', 'x'],
    ['xc', 'bn2', 'x'],
    ['xc', 'ln2', 'x'],
    ['logits', 'ce', 'logits'],
    ['labels', 'ce', 'target'],
    ['logits', 'ceSoft', 'logits'],
    ['probs', 'ceSoft', 'target'],
    ['logits', 'mse', 'prediction'],
    ['probs', 'mse', 'target'],
    ['logits', 'svm', 'scores'],
    ['labels', 'svm', 'target'],
    ['v', 'ce1', 'logits'],
    ['lbl', 'ce1', 'target'],
    ['v', 'svm1', 'scores'],
    ['lbl', 'svm1', 'target'],
  ];
  const branches = [
    'fl0',
    'flLast',
    'tr',
    'tr02',
    'sumAxis',
    'meanAll',
    'meanAxis',
    'sm',
    'lsm',
    'bn',
    'ln',
    'inorm',
    'bn2',
    'ln2',
    'ce',
    'ceSoft',
    'mse',
    'svm',
    'ce1',
    'svm1',
  ];
  return document('every reshaping, reduction, norm and loss', nodes, edges, branches);
}

/** A small valued branch beside a layer too large to evaluate, whose shape alone is checked. */
function oversized(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'x',
      t([3], (i) => i - 1),
    ),
    ['small', 'linear', { params: { inFeatures: 3, outFeatures: 2 } }],
    input('features', { shape: [25088], init: 'zeros' }),
    ['big', 'linear', { params: { inFeatures: 25088, outFeatures: 4096 } }],
    ['after', 'relu'],
  ];
  const edges: EdgeSpec[] = [
    ['x', 'small', 'x'],
    ['features', 'big', 'x'],
    ['big', 'after', 'u'],
  ];
  return document('a layer too large to evaluate', nodes, edges, ['small']);
}

/**
 * The document made a fixture (makeExpected): the engine's value, gradient and shape of every
 * node, shape only where the engine has no value.
 */
export function withEngineAnswers(doc: GraphDocument): GraphDocument {
  const res = makeExpected(doc);
  if (!res.ok) throw new Error(`${doc.title}: ${res.problems.map(fixtureProblemText).join('; ')}`);
  return withExpected(doc, res.expected);
}

/** The op-by-op cases, without expected answers (see withEngineAnswers). */
export const OP_CASES: Readonly<Record<string, () => GraphDocument>> = { points, broadcasting, layers, functional, oversized };
