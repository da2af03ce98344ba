/**
 * Test support: documents that use every op, in the corners where conventions differ (ties,
 * zeros, padding, broadcasting, soft targets, batched and unbatched input), the elementwise ops
 * at the test points their definitions list, with the engine's own values and gradients as their
 * expected block. Exported to PyTorch, each one checks the engine against torch op by op. Used by
 * tests only.
 */
import { fixtureProblemText, makeExpected, withExpected } from '../../graph/expected';
import type { Expected, GraphDocument } from '../../graph/schema';
import { getOp, OPS } from '../../ops/registry';
import type { CheckPoint, Params } from '../../ops/types';
import { document, input, t, type EdgeSpec, type NodeSpec } from './op-case-doc';
import { dropoutEval, dropoutTrain, lookups } from './op-cases-lookups';
import { moves, products, reductions } from './op-cases-shapes';

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

/**
 * The convolution options against torch's own implementation of each: dilation, groups and
 * depthwise, padding "same" with an even kernel (uneven padding), "valid", the three padding modes
 * batched and unbatched, conv1d, and transposed convolution with output padding, groups and dilation.
 */
function convolutions(): GraphDocument {
  const img = (i: number) => ((i * 7) % 11) / 4 - 1.25;
  const nodes: NodeSpec[] = [
    input('x4', t([2, 4, 6, 7], img)),
    input(
      'x3',
      t([2, 5, 6], (i) => ((i * 5) % 9) / 3 - 1),
    ),
    input(
      'seq',
      t([2, 4, 9], (i) => ((i * 3) % 7) / 2 - 1.5),
    ),
    input(
      'seq1',
      t([3, 8], (i) => ((i * 5) % 11) / 5 - 1),
    ),
    [
      'dil',
      'conv2d',
      { params: { inChannels: 4, outChannels: 2, kernel: [3, 2], dilation: [2, 3], padding: [1, 2], stride: [1, 2], seed: 1 } },
    ],
    ['grp', 'conv2d', { params: { inChannels: 4, outChannels: 6, kernel: 3, groups: 2, padding: 1, seed: 2 } }],
    ['dw', 'conv2d', { params: { inChannels: 4, outChannels: 8, kernel: 3, groups: 4, stride: 2, bias: false, seed: 3 } }],
    ['same', 'conv2d', { params: { inChannels: 4, outChannels: 2, kernel: [4, 2], padding: 'same', dilation: [1, 3], seed: 4 } }],
    ['valid', 'conv2d', { params: { inChannels: 4, outChannels: 3, kernel: 3, padding: 'valid', seed: 5 } }],
    ['refl', 'conv2d', { params: { inChannels: 4, outChannels: 2, kernel: 3, padding: [2, 1], paddingMode: 'reflect', seed: 6 } }],
    ['repl', 'conv2d', { params: { inChannels: 2, outChannels: 2, kernel: 3, padding: 'same', paddingMode: 'replicate', seed: 7 } }],
    [
      'circ',
      'conv2d',
      { params: { inChannels: 2, outChannels: 2, kernel: [2, 3], padding: 2, paddingMode: 'circular', groups: 2, seed: 8 } },
    ],
    ['c1', 'conv1d', { params: { inChannels: 4, outChannels: 4, kernel: 3, dilation: 2, padding: 'same', groups: 2, seed: 9 } }],
    ['c1s', 'conv1d', { params: { inChannels: 4, outChannels: 3, kernel: 2, stride: 3, padding: 1, paddingMode: 'circular', seed: 10 } }],
    ['c1u', 'conv1d', { params: { inChannels: 3, outChannels: 2, kernel: 4, padding: 'same', paddingMode: 'reflect', seed: 11 } }],
    ['ct', 'convTranspose2d', { params: { inChannels: 4, outChannels: 3, kernel: 3, stride: 2, padding: 1, outputPadding: 1, seed: 12 } }],
    [
      'ctg',
      'convTranspose2d',
      { params: { inChannels: 4, outChannels: 2, kernel: 2, stride: 2, groups: 2, dilation: 2, outputPadding: 1, seed: 13 } },
    ],
    ['ctu', 'convTranspose2d', { params: { inChannels: 2, outChannels: 1, kernel: [2, 3], stride: [1, 2], bias: false, seed: 14 } }],
  ];
  const edges: EdgeSpec[] = [
    ['x4', 'dil', 'x'],
    ['x4', 'grp', 'x'],
    ['x4', 'dw', 'x'],
    ['x4', 'same', 'x'],
    ['x4', 'valid', 'x'],
    ['x4', 'refl', 'x'],
    ['x3', 'repl', 'x'],
    ['x3', 'circ', 'x'],
    ['seq', 'c1', 'x'],
    ['seq', 'c1s', 'x'],
    ['seq1', 'c1u', 'x'],
    ['x4', 'ct', 'x'],
    ['x4', 'ctg', 'x'],
    ['x3', 'ctu', 'x'],
  ];
  return document('every convolution option', nodes, edges, [
    'dil',
    'grp',
    'dw',
    'same',
    'valid',
    'refl',
    'repl',
    'circ',
    'c1',
    'c1s',
    'c1u',
    'ct',
    'ctg',
    'ctu',
  ]);
}

/**
 * The pooling options against torch: dilation and ceil mode (with tied maxima, so the gradient's
 * route shows the tie rule), average pooling's count_include_pad both ways with ceil mode, the
 * adaptive pools with overlapping windows, and global average pooling.
 */
function pools(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'ties',
      t([2, 1, 5, 7], (i) => [0, 1, 1, 2, 2, 0, 1][i % 7] + (i % 3 === 0 ? 1 : 0)),
    ),
    input(
      'x',
      t([3, 7, 6], (i) => ((i * 7) % 11) / 4 - 1.25),
    ),
    ['mpDil', 'maxPool2d', { params: { kernel: 2, stride: 1, dilation: [2, 3] } }],
    ['mpCeil', 'maxPool2d', { params: { kernel: 3, stride: 2, padding: 1, ceilMode: true, dilation: [1, 2] } }],
    ['apCeil', 'avgPool2d', { params: { kernel: 3, stride: 2, padding: 1, ceilMode: true } }],
    ['apExcl', 'avgPool2d', { params: { kernel: [2, 3], stride: 2, padding: 1, ceilMode: true, countIncludePad: false } }],
    ['aap', 'adaptiveAvgPool2d', { params: { outputSize: [3, 4] } }],
    ['amp', 'adaptiveMaxPool2d', { params: { outputSize: [2, 3] } }],
    ['gap', 'globalAvgPool2d'],
  ];
  const edges: EdgeSpec[] = [
    ['ties', 'mpDil', 'x'],
    ['ties', 'mpCeil', 'x'],
    ['x', 'apCeil', 'x'],
    ['x', 'apExcl', 'x'],
    ['x', 'aap', 'x'],
    ['ties', 'amp', 'x'],
    ['x', 'gap', 'x'],
  ];
  return document('every pooling option', nodes, edges, ['mpDil', 'mpCeil', 'apCeil', 'apExcl', 'aap', 'amp', 'gap']);
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

/**
 * The losses at PyTorch's options: cross-entropy on N×C×H×W logits with ignored pixels, class
 * weights and label smoothing, soft targets, NLL, BCE (pos_weight), L1, smooth L1 and Huber at
 * their joins, KL divergence with and without log targets.
 */
function losses(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'seg',
      t([2, 3, 2, 2], (i) => ((i * 7) % 11) / 4 - 1.25),
    ),
    ['segLabels', 'constant', { value: t([2, 2, 2], (i) => [0, 255, 1, 2, 2, 0, 255, 1][i]) }],
    input(
      'classW',
      t([3], (i) => [0.5, 1, 2][i]),
    ),
    ['ceSeg', 'crossEntropy', { params: { ignoreIndex: 255, labelSmoothing: 0.1 } }],
    ['ceSegNone', 'crossEntropy', { params: { ignoreIndex: 255, reduction: 'none' } }],
    input(
      'segProbs',
      t([2, 3, 2, 2], (i) => ((i * 5) % 7) / 7),
    ),
    ['ceSoft', 'crossEntropy', { params: { targetKind: 'probabilities', labelSmoothing: 0.2, reduction: 'sum' } }],
    input(
      'logp',
      t([3, 3], (i) => -0.3 - ((i * 3) % 5) / 2),
    ),
    ['lbl', 'constant', { value: t([3], (i) => [2, -100, 1][i]) }],
    ['nll', 'nllLoss'],
    input(
      'prob',
      t([2, 3], (i) => [0.1, 0.5, 0.9, 0.3, 0.75, 0.6][i]),
    ),
    input(
      'soft',
      t([2, 3], (i) => [0, 1, 0.25, 1, 0.5, 0][i]),
    ),
    ['bce', 'bce'],
    input(
      'logit',
      t([2, 3], (i) => [-1.5, 0, 2, 0.4, -0.3, 3][i]),
    ),
    input(
      'posW',
      t([3], (i) => [1, 2.5, 0.5][i]),
    ),
    ['bceL', 'bceWithLogits', { params: { reduction: 'sum' } }],
    // d = prediction − target: a tie (0), |d| = β = 0.5 exactly, and points on both sides.
    input(
      'pred',
      t([2, 3], (i) => [1, 0.5, -2, 0.25, 3, -0.1][i]),
    ),
    input(
      'goal',
      t([2, 3], (i) => [1, 0, 0, 1, 1, 0.2][i]),
    ),
    ['l1', 'l1Loss'],
    ['sl1', 'smoothL1Loss', { params: { beta: 0.5 } }],
    ['huber', 'huberLoss', { params: { delta: 0.5, reduction: 'none' } }],
    input(
      'dist',
      t([2, 3], (i) => [0.1, 0.6, 0.3, 0.5, 0.4, 0.1][i]),
    ),
    ['kl', 'klDiv', { params: { reduction: 'batchmean' } }],
    ['klLog', 'klDiv', { params: { logTarget: true, reduction: 'none' } }],
  ];
  const edges: EdgeSpec[] = [
    ['seg', 'ceSeg', 'logits'],
    ['segLabels', 'ceSeg', 'target'],
    ['classW', 'ceSeg', 'weight'],
    ['seg', 'ceSegNone', 'logits'],
    ['segLabels', 'ceSegNone', 'target'],
    ['seg', 'ceSoft', 'logits'],
    ['segProbs', 'ceSoft', 'target'],
    ['classW', 'ceSoft', 'weight'],
    ['logp', 'nll', 'input'],
    ['lbl', 'nll', 'target'],
    ['classW', 'nll', 'weight'],
    ['prob', 'bce', 'prediction'],
    ['soft', 'bce', 'target'],
    ['logit', 'bceL', 'logits'],
    ['soft', 'bceL', 'target'],
    ['posW', 'bceL', 'posWeight'],
    ['pred', 'l1', 'prediction'],
    ['goal', 'l1', 'target'],
    ['pred', 'sl1', 'prediction'],
    ['goal', 'sl1', 'target'],
    ['pred', 'huber', 'prediction'],
    ['goal', 'huber', 'target'],
    ['logit', 'kl', 'input'],
    ['dist', 'kl', 'target'],
    ['logit', 'klLog', 'input'],
    ['prob', 'klLog', 'target'],
  ];
  return document('the losses at their options', nodes, edges, [
    'ceSeg',
    'ceSegNone',
    'ceSoft',
    'nll',
    'bce',
    'bceL',
    'l1',
    'sl1',
    'huber',
    'kl',
    'klLog',
  ]);
}

/** Group norm, layer norm over the last dimension of N×T×D, batch norm in eval mode (connected and owned running statistics) and on N×C×L. */
function norms(): GraphDocument {
  const nodes: NodeSpec[] = [
    input(
      'img',
      t([2, 4, 2, 3], (i) => ((i * 7) % 13) / 4 - 1.5),
    ),
    ['gn', 'groupNorm', { params: { groups: 2 } }],
    ['gnBare', 'groupNorm', { params: { groups: 4, affine: false, eps: 1e-3 } }],
    input(
      'seq',
      t([2, 3, 4], (i) => ((i * 5) % 11) / 3 - 1.5),
    ),
    input(
      'g4',
      t([4], (i) => 1 + i / 4),
    ),
    input(
      'b4',
      t([4], (i) => i / 5 - 0.3),
    ),
    ['ln', 'layerNorm', { params: { normalizedShape: [4] } }],
    ['ln2', 'layerNorm', { params: { normalizedShape: [3, 4], affine: true } }],
    input(
      'rm',
      t([4], (i) => [0.1, -0.2, 0.3, 0][i]),
    ),
    input(
      'rv',
      t([4], (i) => [0.5, 2, 1.5, 1][i]),
    ),
    ['bnEval', 'batchNorm', { params: { mode: 'eval', affine: true } }],
    ['bnOwned', 'batchNorm', { params: { mode: 'eval' } }],
    ['bn1d', 'batchNorm', { params: { affine: true } }],
  ];
  const edges: EdgeSpec[] = [
    ['img', 'gn', 'x'],
    ['img', 'gnBare', 'x'],
    ['seq', 'ln', 'x'],
    ['g4', 'ln', 'gamma'],
    ['b4', 'ln', 'beta'],
    ['seq', 'ln2', 'x'],
    ['img', 'bnEval', 'x'],
    ['rm', 'bnEval', 'runningMean'],
    ['rv', 'bnEval', 'runningVar'],
    ['g4', 'bnEval', 'gamma'],
    ['img', 'bnOwned', 'x'],
    ['seq', 'bn1d', 'x'],
  ];
  return document('the norms at PyTorch options', nodes, edges, ['gn', 'gnBare', 'ln', 'ln2', 'bnEval', 'bnOwned', 'bn1d']);
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
  return withExpected(doc, loosened(doc, res.expected));
}

/**
 * The expected block with an op's `torchTol` on its nodes and on the inputs feeding them; those
 * inputs' entries under `gradients` (checked at the document's tolerance) go, their node entries
 * check the same gradients.
 */
function loosened(doc: GraphDocument, expected: Expected): Expected {
  const nodes = { ...expected.nodes };
  const gradients = { ...expected.gradients };
  for (const nd of doc.nodes) {
    const op = getOp(nd.op);
    const tol = op?.kind === 'elementwise' ? op.checks.torchTol : undefined;
    if (tol === undefined) continue;
    const fed = doc.edges.filter((e) => e.target === nd.id).map((e) => e.source);
    for (const id of [nd.id, ...fed]) nodes[id] = { ...nodes[id], tol };
    for (const id of fed) delete gradients[doc.nodes.find((n) => n.id === id)?.name ?? id];
  }
  return { ...expected, nodes, gradients };
}

/** The op-by-op cases, without expected answers (see withEngineAnswers). */
export const OP_CASES: Readonly<Record<string, () => GraphDocument>> = {
  points,
  broadcasting,
  layers,
  convolutions,
  pools,
  functional,
  losses,
  norms,
  oversized,
  moves,
  reductions,
  products,
  lookups,
  dropoutTrain,
  dropoutEval,
};
