/**
 * Worked cells of convs padded by copying (reflect, replicate, circular) and with padding "same":
 * every sum they write out must be the engine's own number, and one case is done by hand.
 */
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../../tests/doc-builder';
import { conv2d } from '../../ops/tensor/conv';
import { window2d } from '../../ops/tensor/kernels/window';
import type { PaddingMode } from '../../ops/tensor/kernels/pad2d';
import { randomTensor } from '../../ops/tensor/testkit';
import { sessionFor } from '../playback/session';
import { offsets, outputDims, type CellGeometry } from './conv-cells';
import { paddedInputGradTerms, paddedOutputTerms, paddedWeightGradTerms, paddingLine, padSource } from './padded-cells';
import { windowStep, workOut } from './tensor-step';

type Copying = Exclude<PaddingMode, 'zeros'>;
const MODES: Copying[] = ['reflect', 'replicate', 'circular'];

/** 2 → 3 channels on 4×5 with a 3×4 kernel and padding "same": 1 row above and below, 1 column left and 2 right (PyTorch's split). */
const g: CellGeometry = {
  cin: 2,
  cout: 3,
  h: 4,
  w: 5,
  win: window2d({ kh: 3, kw: 4, sh: 1, sw: 1, ph: 1, pw: 1, phEnd: 1, pwEnd: 2 }),
  groups: 1,
};

function engine(mode: Copying) {
  const params = { inChannels: 2, outChannels: 3, kernel: [3, 4], padding: 'same', paddingMode: mode, bias: false };
  const [ho, wo] = outputDims(g);
  const x = randomTensor([1, 2, 4, 5], 71);
  const weight = randomTensor([3, 2, 3, 4], 72);
  const dy = randomTensor([1, 3, ho, wo], 73);
  const y = conv2d.forward({ x, weight }, params);
  const grads = conv2d.backward({ x, weight }, y, dy, params);
  return { x, weight, dy, y, dx: grads.x, dw: grads.weight, ho, wo };
}

describe.each(MODES)('padding "same" with paddingMode %s: the worked sums are the engine’s numbers', (mode) => {
  const e = engine(mode);
  const pad = padSource(g, mode);
  const [ho, wo] = outputDims(g);

  it('keeps the size (4×5) and every output cell is Σ W · X̃ over its window', () => {
    expect([ho, wo]).toEqual([4, 5]);
    for (let co = 0; co < 3; co++)
      for (let oh = 0; oh < ho; oh++)
        for (let ow = 0; ow < wo; ow++) {
          const terms = paddedOutputTerms(g, pad, co, oh, ow);
          expect(terms).toHaveLength(2 * 3 * 4);
          const sum = terms.reduce((s, t) => s + e.weight.data[offsets(g, t).weight] * e.x.data[offsets(g, t).x], 0);
          expect(sum).toBeCloseTo(e.y.data[(co * ho + oh) * wo + ow], 12);
        }
  });

  it('every dW cell is Σ dY · X̃ over the positions its kernel cell visited', () => {
    for (let co = 0; co < 3; co++)
      for (let ci = 0; ci < 2; ci++)
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 4; j++) {
            const terms = paddedWeightGradTerms(g, pad, co, ci, i, j);
            const sum = terms.reduce((s, t) => s + e.dy.data[offsets(g, t).y] * e.x.data[offsets(g, t).x], 0);
            expect(sum).toBeCloseTo(e.dw.data[((co * 2 + ci) * 3 + i) * 4 + j], 12);
          }
  });

  it('every dX cell adds the gradients of its copies in the padding', () => {
    for (let ci = 0; ci < 2; ci++)
      for (let h = 0; h < 4; h++)
        for (let w = 0; w < 5; w++) {
          const terms = paddedInputGradTerms(g, pad, ci, h, w);
          const sum = terms.reduce((s, t) => s + e.weight.data[offsets(g, t).weight] * e.dy.data[offsets(g, t).y], 0);
          expect(sum).toBeCloseTo(e.dx.data[(ci * 4 + h) * 5 + w], 12);
        }
  });
});

/** X = 1..9 (3×3) through a 3×3 kernel W = 1..9 with padding 1, summed (dY all ones). */
function handDoc(mode: PaddingMode) {
  const grid = { shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
  return graph(
    [inp('X', grid), inp('W', grid), ['L', 'conv2d', { params: { kernel: 3, padding: 1, paddingMode: mode, bias: false } }], ['S', 'sum']],
    [
      ['X', 'L', 'x'],
      ['W', 'L', 'weight'],
      ['L', 'S', 'x'],
    ],
    'S',
  );
}

function steps(mode: PaddingMode) {
  const s = sessionFor(handDoc(mode));
  if (!s) throw new Error('no session');
  const forward = windowStep(s, s.trace.indexOf(s.plan.index.get('L') as number, 'forward'));
  const backward = windowStep(s, s.trace.indexOf(s.plan.index.get('X') as number, 'backward'));
  if (!forward || !backward) throw new Error('no window step');
  return { s, forward, backward };
}

describe('worked by hand: reflect padding of 1..9 (the padded plane’s first rows are 5 4 5 6 5 and 2 1 2 3 2)', () => {
  it('Y[1,1] reads five padding cells, each named with the input cell it copies: 165, the engine’s value', () => {
    const { forward } = steps('reflect');
    expect(forward.y.data[0]).toBe(165);
    expect(workOut(forward, 0).lines).toEqual([
      'Y[1,1] = W[1,1] X[0,0] + W[1,2] X[0,1] + W[1,3] X[0,2] + W[2,1] X[1,0] + W[2,2] X[1,1] + W[2,3] X[1,2] + W[3,1] X[2,0] + W[3,2] X[2,1] + W[3,3] X[2,2]',
      '= (1)(5) + (2)(4) + (3)(5) + (4)(2) + (5)(1) + (6)(2) + (7)(5) + (8)(4) + (9)(5) = 165',
      'reflect padding: X[0,0] = X[2,2] = 5; X[0,1] = X[2,1] = 4; X[0,2] = X[2,2] = 5; X[1,0] = X[1,2] = 2; X[2,0] = X[2,2] = 5',
    ]);
  });

  it('dW[1,1] sums the padded X over the 9 windows (dY all ones): 5+4+5 + 2+1+2 + 5+4+5 = 33, the engine’s gradient', () => {
    const { s, backward } = steps('reflect');
    const lines = workOut(backward, { cell: 0, weight: 0 }).lines;
    expect(lines[1]).toBe('= (1)(5) + (1)(4) + (1)(5) + (1)(2) + (1)(1) + (1)(2) + (1)(5) + (1)(4) + (1)(5) = 33');
    expect(lines[2]).toBe(
      'reflect padding: X[0,0] = X[2,2] = 5; X[0,1] = X[2,1] = 4; X[0,2] = X[2,2] = 5; X[1,0] = X[1,2] = 2; X[2,0] = X[2,2] = 5',
    );
    const dW = s.ev.grad(s.plan.index.get('W') as number);
    expect(typeof dW === 'object' && dW.data[0]).toBe(33);
  });

  it('dX[1,1] under replicate padding adds its copies X[0,0], X[0,1], X[1,0], and sums to the engine’s gradient', () => {
    const { backward } = steps('replicate');
    const worked = workOut(backward, 0);
    expect(worked.lines[2]).toBe('X[1,1] is also copied to X[0,0], X[0,1], X[1,0] (replicate padding): each copy’s gradient adds to it');
    expect(worked.lines[1].endsWith(`= ${backward.dx?.data[0]}`)).toBe(true);
  });

  it('zeros padding reads no copies and says nothing about them', () => {
    const { forward } = steps('zeros');
    expect(forward.pad).toBeNull();
    expect(workOut(forward, 0).lines).toEqual([
      'Y[1,1] = W[2,2] X[1,1] + W[2,3] X[1,2] + W[3,2] X[2,1] + W[3,3] X[2,2]',
      '= (5)(1) + (6)(2) + (8)(4) + (9)(5) = 94',
    ]);
  });
});

describe('padding "same" with zeros: the extra column PyTorch puts at the end reads nothing', () => {
  it('a 2×2 kernel on 1..9 pads only below and right: Y[3,3] = W[1,1] X[3,3] = 1·9, the engine’s value', () => {
    const doc = handDoc('zeros');
    const L = doc.nodes.find((n) => n.id === 'L');
    if (L) L.params = { kernel: 2, padding: 'same', bias: false };
    const w = doc.nodes.find((n) => n.id === 'W');
    if (w) w.value = { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] };
    const s = sessionFor(doc);
    if (!s) throw new Error('no session');
    const forward = windowStep(s, s.trace.indexOf(s.plan.index.get('L') as number, 'forward'));
    if (!forward) throw new Error('no window step');
    expect(forward.y.shape).toEqual([1, 1, 3, 3]);
    expect(workOut(forward, 0).lines[1]).toBe(`= (1)(1) + (2)(2) + (3)(4) + (4)(5) = ${forward.y.data[0]}`);
    expect(workOut(forward, 8).lines).toEqual(['Y[3,3] = W[1,1] X[3,3]', `= (1)(9) = ${forward.y.data[8]}`]);
    expect(forward.y.data[8]).toBe(9);
  });
});

describe('a wide layer lists its padding cells up to twelve', () => {
  it('Y[1,5] of 2 channels × 3×4 kernel reads 2·(3·4 − 2·2) = 16 padding cells (one row above, two columns right): 12 shown, then “… (4 more)”', () => {
    const pad = padSource(g, 'circular');
    const e = engine('circular');
    const line = paddingLine(g, pad, paddedOutputTerms(g, pad, 0, 0, 4), e.x.data);
    expect(line.split('; ')).toHaveLength(13);
    expect(line.endsWith('… (4 more)')).toBe(true);
  });
});

describe('conv1d is worked as one row: reflect padding of 1..6 with the kernel (1, 1, 1)', () => {
  it('Y[1] reads the padding cell before X[1], a copy of X[2]: 2 + 1 + 2 = 5, the engine’s value', () => {
    const doc = graph(
      [
        inp('X', { shape: [1, 1, 6], data: [1, 2, 3, 4, 5, 6] }),
        inp('W', { shape: [1, 1, 3], data: [1, 1, 1] }),
        ['L', 'conv1d', { params: { kernel: 3, padding: 1, paddingMode: 'reflect', bias: false } }],
        ['S', 'sum'],
      ],
      [
        ['X', 'L', 'x'],
        ['W', 'L', 'weight'],
        ['L', 'S', 'x'],
      ],
      'S',
    );
    const s = sessionFor(doc);
    if (!s) throw new Error('no session');
    const forward = windowStep(s, s.trace.indexOf(s.plan.index.get('L') as number, 'forward'));
    if (!forward) throw new Error('no window step');
    expect(forward.y.data[0]).toBe(5);
    expect(workOut(forward, 0).lines).toEqual([
      'Y[1,1] = W[1,1] X[1,0] + W[1,2] X[1,1] + W[1,3] X[1,2]',
      '= (1)(2) + (1)(1) + (1)(2) = 5',
      'reflect padding: X[1,0] = X[1,2] = 2',
    ]);
  });
});
