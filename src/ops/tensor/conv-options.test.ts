import { describe, expect, it } from 'vitest';
import { analyze } from '../../graph/analyze';
import { parseDocument } from '../../graph/load';
import { maxRelDiff } from '../../graph/gradcheck';
import { sizeOf, type Shape, type Tensor } from '../../tensor/tensor';
import type { Params } from '../types';
import { conv2d, convFormula } from './conv';
import { conv1d, conv1dFormula } from './conv1d';
import { convTranspose2d, transposeFormula } from './conv-transpose';
import { expectRandomGradients, opErrorMessage, randomTensor } from './testkit';

type Mode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Where padded position i (negative or ≥ n) reads from, by the mode's definition; -1 for a zero. */
function source(i: number, n: number, mode: Mode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'zeros') return -1;
  if (mode === 'replicate') return i < 0 ? 0 : n - 1;
  if (mode === 'circular') return (i + n) % n;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

interface Spec {
  s: [number, number];
  p: [number, number, number, number]; // top, bottom, left, right
  d: [number, number];
  groups: number;
  mode: Mode;
}

/** y[n,o,i,j] = b[o] + Σ_c Σ_u,v w[o,c,u,v] · xpad[n, g·Cin/G + c, i·sh − top + u·dh, j·sw − left + v·dw], one cell at a time. */
function naiveConv(x: Tensor, w: Tensor, b: Tensor | undefined, sp: Spec): { shape: Shape; data: Float64Array } {
  const [n, cin, h, wd] = x.shape;
  const [cout, cg, kh, kw] = w.shape;
  const ho = Math.floor((h + sp.p[0] + sp.p[1] - sp.d[0] * (kh - 1) - 1) / sp.s[0]) + 1;
  const wo = Math.floor((wd + sp.p[2] + sp.p[3] - sp.d[1] * (kw - 1) - 1) / sp.s[1]) + 1;
  const y = new Float64Array(n * cout * ho * wo);
  const mPer = cout / sp.groups;
  let q = 0;
  for (let im = 0; im < n; im++) {
    for (let o = 0; o < cout; o++) {
      const c0 = Math.floor(o / mPer) * cg;
      for (let i = 0; i < ho; i++) {
        for (let j = 0; j < wo; j++) {
          let sum = b ? b.data[o] : 0;
          for (let c = 0; c < cg; c++) {
            for (let u = 0; u < kh; u++) {
              for (let v = 0; v < kw; v++) {
                const ih = source(i * sp.s[0] - sp.p[0] + u * sp.d[0], h, sp.mode);
                const iw = source(j * sp.s[1] - sp.p[2] + v * sp.d[1], wd, sp.mode);
                if (ih < 0 || iw < 0) continue;
                sum += w.data[((o * cg + c) * kh + u) * kw + v] * x.data[((im * cin + c0 + c) * h + ih) * wd + iw];
              }
            }
          }
          y[q++] = sum;
        }
      }
    }
  }
  return { shape: [n, cout, ho, wo], data: y };
}

const spec = (over: Partial<Spec>): Spec => ({ s: [1, 1], p: [0, 0, 0, 0], d: [1, 1], groups: 1, mode: 'zeros', ...over });

describe('conv2d options match the definition', () => {
  const cases: { name: string; x: Shape; cout: number; k: [number, number]; params: Params; want: Spec }[] = [
    {
      name: 'dilation 2',
      x: [1, 2, 9, 8],
      cout: 3,
      k: [3, 3],
      params: { dilation: 2, padding: 1 },
      want: spec({ d: [2, 2], p: [1, 1, 1, 1] }),
    },
    {
      name: 'dilation [2, 3], stride 2',
      x: [2, 2, 11, 12],
      cout: 2,
      k: [3, 2],
      params: { dilation: [2, 3], stride: 2, padding: [2, 1] },
      want: spec({ d: [2, 3], s: [2, 2], p: [2, 2, 1, 1] }),
    },
    {
      name: 'groups 2',
      x: [2, 4, 6, 5],
      cout: 6,
      k: [3, 3],
      params: { groups: 2, padding: 1 },
      want: spec({ groups: 2, p: [1, 1, 1, 1] }),
    },
    { name: 'depthwise', x: [1, 3, 7, 7], cout: 3, k: [3, 3], params: { groups: 3, stride: 2 }, want: spec({ groups: 3, s: [2, 2] }) },
    { name: 'depthwise, multiplier 2', x: [1, 3, 5, 6], cout: 6, k: [3, 3], params: { groups: 3 }, want: spec({ groups: 3 }) },
    { name: 'grouped 1×1 (pointwise path)', x: [2, 4, 3, 3], cout: 2, k: [1, 1], params: { groups: 2 }, want: spec({ groups: 2 }) },
    // An even kernel: the total padding 1 is odd, the extra row and column go at the end, as PyTorch.
    { name: 'same, 4×2 kernel', x: [1, 2, 6, 5], cout: 2, k: [4, 2], params: { padding: 'same' }, want: spec({ p: [1, 2, 0, 1] }) },
    {
      name: 'same, dilation 3 on a 2×2 kernel',
      x: [1, 1, 7, 7],
      cout: 1,
      k: [2, 2],
      params: { padding: 'same', dilation: 3 },
      want: spec({ d: [3, 3], p: [1, 2, 1, 2] }),
    },
    { name: 'valid', x: [1, 1, 6, 5], cout: 2, k: [3, 3], params: { padding: 'valid' }, want: spec({}) },
    {
      name: 'reflect',
      x: [1, 2, 5, 6],
      cout: 2,
      k: [3, 3],
      params: { padding: [2, 1], paddingMode: 'reflect' },
      want: spec({ p: [2, 2, 1, 1], mode: 'reflect' }),
    },
    {
      name: 'replicate',
      x: [2, 1, 4, 5],
      cout: 2,
      k: [3, 2],
      params: { padding: 2, paddingMode: 'replicate' },
      want: spec({ p: [2, 2, 2, 2], mode: 'replicate' }),
    },
    {
      name: 'circular, same, stride 1, groups 2',
      x: [1, 2, 5, 4],
      cout: 4,
      k: [3, 4],
      params: { padding: 'same', paddingMode: 'circular', groups: 2 },
      want: spec({ p: [1, 1, 1, 2], mode: 'circular', groups: 2 }),
    },
  ];
  for (const { name, x: xs, cout, k, params, want } of cases) {
    const full = { inChannels: xs[1], outChannels: cout, kernel: k, ...params };
    it(`${name}: values`, () => {
      const x = randomTensor(xs, 1);
      const weight = randomTensor([cout, xs[1] / want.groups, k[0], k[1]], 2);
      const bias = randomTensor([cout], 3);
      const y = conv2d.forward({ x, weight, bias }, full);
      const ref = naiveConv(x, weight, bias, want);
      expect(y.shape).toEqual(ref.shape);
      expect(maxRelDiff(y.data, ref.data)).toBeLessThan(1e-12);
    });
    it(`${name}: gradients against central differences`, () => {
      expectRandomGradients(conv2d, { x: xs, weight: [cout, xs[1] / want.groups, k[0], k[1]], bias: [cout] }, full);
    });
  }

  it('same keeps H×W at stride 1 for every kernel and dilation', () => {
    for (const k of [1, 2, 3, 4, 5]) {
      for (const d of [1, 2, 3]) {
        expect(conv2d.shape({ x: [1, 9, 8] }, { kernel: k, dilation: d, padding: 'same' })).toEqual([1, 9, 8]);
      }
    }
  });

  it('counts a grouped layer’s parameters and MACs: depthwise 3×3 on 32 channels is 320 parameters', () => {
    const p = { inChannels: 32, outChannels: 32, groups: 32, kernel: 3, padding: 1 };
    const out = conv2d.shape({ x: [1, 32, 112, 112] }, p);
    expect(conv2d.cost?.({ x: [1, 32, 112, 112] }, out, p)).toEqual({ params: 32 * 9 + 32, macs: 32 * 112 * 112 * 9 });
    expect(conv2d.implicit?.('weight', {}, p)?.shape).toEqual([32, 1, 3, 3]);
  });
});

describe('conv2d option errors', () => {
  const error = opErrorMessage;
  it('names groups that do not divide the channels', () => {
    expect(error(() => conv2d.shape({ x: [4, 8, 8] }, { inChannels: 4, outChannels: 6, groups: 4 }))).toBe(
      'conv2d: groups 4 must divide inChannels 4 and outChannels 6 (depthwise: groups = inChannels, outChannels a multiple of it)',
    );
  });
  it('refuses same with a stride, as PyTorch', () => {
    expect(error(() => conv2d.shape({ x: [1, 8, 8] }, { padding: 'same', stride: 2 }))).toBe(
      'padding "same" needs stride 1, got stride 2 (as in PyTorch; give numbers instead)',
    );
  });
  it('refuses an unknown padding word and mode', () => {
    expect(error(() => conv2d.shape({ x: [1, 8, 8] }, { padding: 'full' }))).toBe(
      'padding must be a non-negative integer, [h, w], "same" or "valid", got "full"',
    );
    expect(error(() => conv2d.shape({ x: [1, 8, 8] }, { paddingMode: 'mirror' }))).toBe(
      'paddingMode must be one of zeros, reflect, replicate, circular, got "mirror"',
    );
  });
  it('refuses reflect padding as large as the input, and circular padding larger', () => {
    expect(error(() => conv2d.shape({ x: [1, 3, 8] }, { padding: 3, paddingMode: 'reflect' }))).toBe(
      'paddingMode "reflect" needs padding smaller than the input 3×8, got 3 (lower padding)',
    );
    expect(conv2d.shape({ x: [1, 3, 8] }, { padding: 3, paddingMode: 'circular' })).toEqual([1, 7, 12]);
    expect(error(() => conv2d.shape({ x: [1, 3, 8] }, { padding: 4, paddingMode: 'circular' }))).toContain('at most the input 3×8');
  });
  it('names a dilated kernel that does not fit', () => {
    expect(error(() => conv2d.shape({ x: [1, 6, 6] }, { kernel: 3, dilation: 3 }))).toBe(
      'dilated kernel 7×7 is larger than the padded input 6×6 (use a smaller kernel or more padding)',
    );
  });
  it('checks a connected depthwise weight', () => {
    expect(error(() => conv2d.shape({ x: [3, 8, 8], weight: [3, 3, 3, 3] }, { inChannels: 3, outChannels: 3, groups: 3 }))).toBe(
      'conv2d weight must be 3×1×3×3 (outChannels×inChannels/groups×kh×kw), got 3×3×3×3',
    );
  });
});

describe('conv1d', () => {
  it('is conv2d over a 1×L image', () => {
    const x = randomTensor([2, 4, 11], 1);
    const weight = randomTensor([6, 2, 3], 2);
    const bias = randomTensor([6], 3);
    const p = { inChannels: 4, outChannels: 6, kernel: 3, stride: 2, padding: 2, dilation: 2, groups: 2 };
    const y = conv1d.forward({ x, weight, bias }, p);
    const ref = naiveConv(
      { shape: [2, 4, 1, 11], data: x.data },
      { shape: [6, 2, 1, 3], data: weight.data },
      bias,
      spec({ s: [1, 2], d: [1, 2], p: [0, 0, 2, 2], groups: 2 }),
    );
    expect(y.shape).toEqual([2, 6, 6]);
    expect(maxRelDiff(y.data, ref.data)).toBeLessThan(1e-12);
  });
  for (const [name, shapes, params] of [
    [
      'unbatched, same, even kernel',
      { x: [3, 7], weight: [2, 3, 4], bias: [2] },
      { inChannels: 3, outChannels: 2, kernel: 4, padding: 'same' },
    ],
    [
      'reflect, depthwise',
      { x: [2, 2, 6], weight: [2, 1, 3] },
      { inChannels: 2, outChannels: 2, groups: 2, padding: 2, paddingMode: 'reflect', bias: false },
    ],
    [
      'circular, stride 3',
      { x: [1, 2, 9], weight: [1, 2, 2], bias: [1] },
      { inChannels: 2, kernel: 2, stride: 3, padding: 1, paddingMode: 'circular' },
    ],
  ] as const) {
    it(`${name}: gradients against central differences`, () => expectRandomGradients(conv1d, shapes, params));
  }
  it('names a wrong rank and a list where one number belongs', () => {
    expect(opErrorMessage(() => conv1d.shape({ x: [1, 2, 3, 4] }, {}))).toBe('conv1d expects C×L or N×C×L, got 1×2×3×4');
    expect(opErrorMessage(() => conv1d.shape({ x: [1, 9] }, { padding: [1, 2] }))).toBe(
      'padding must be a non-negative integer, got [1,2]',
    );
  });
});

/** The definition of a transposed convolution: each input cell adds x · W[c, o, u, v] at (i·s − p + u·d, j·s − p + v·d). */
function naiveTranspose(
  x: Tensor,
  w: Tensor,
  s: number,
  p: number,
  d: number,
  op: number,
  groups: number,
): { shape: Shape; data: Float64Array } {
  const [n, cin, h, wd] = x.shape;
  const [, og, kh, kw] = w.shape;
  const cout = og * groups;
  const ho = (h - 1) * s - 2 * p + d * (kh - 1) + op + 1;
  const wo = (wd - 1) * s - 2 * p + d * (kw - 1) + op + 1;
  const y = new Float64Array(n * cout * ho * wo);
  const cPer = cin / groups;
  for (let im = 0; im < n; im++) {
    for (let c = 0; c < cin; c++) {
      const o0 = Math.floor(c / cPer) * og;
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < wd; j++) {
          for (let o = 0; o < og; o++) {
            for (let u = 0; u < kh; u++) {
              for (let v = 0; v < kw; v++) {
                const oh = i * s - p + u * d;
                const ow = j * s - p + v * d;
                if (oh < 0 || oh >= ho || ow < 0 || ow >= wo) continue;
                y[((im * cout + o0 + o) * ho + oh) * wo + ow] +=
                  x.data[((im * cin + c) * h + i) * wd + j] * w.data[((c * og + o) * kh + u) * kw + v];
              }
            }
          }
        }
      }
    }
  }
  return { shape: [n, cout, ho, wo], data: y };
}

describe('convTranspose2d', () => {
  const cases: [string, Shape, number, number, number, number, number, number, number][] = [
    // name, x, cout, k, stride, padding, dilation, outputPadding, groups
    ['stride 2, k 2 (U-Net upsampling)', [1, 2, 3, 3], 3, 2, 2, 0, 1, 0, 1],
    ['stride 2, padding 1, output padding 1', [2, 2, 3, 4], 2, 3, 2, 1, 1, 1, 1],
    ['dilation 2, groups 2', [1, 4, 3, 3], 2, 3, 1, 0, 2, 0, 2],
    ['dilation 2, output padding 1 (not below the stride, below the dilation)', [1, 1, 2, 2], 1, 2, 1, 1, 2, 1, 1],
  ];
  for (const [name, xs, cout, k, s, p, d, op, groups] of cases) {
    const params = { inChannels: xs[1], outChannels: cout, kernel: k, stride: s, padding: p, dilation: d, outputPadding: op, groups };
    const wShape = [xs[1], cout / groups, k, k];
    it(`${name}: values by the definition`, () => {
      const x = randomTensor(xs, 4);
      const weight = randomTensor(wShape, 5);
      const bias = randomTensor([cout], 6);
      const y = convTranspose2d.forward({ x, weight, bias }, params);
      const ref = naiveTranspose(x, weight, s, p, d, op, groups);
      ref.data.forEach((v, i) => (ref.data[i] = v + bias.data[Math.floor(i / (ref.shape[2] * ref.shape[3])) % cout]));
      expect(y.shape).toEqual(ref.shape);
      expect(maxRelDiff(y.data, ref.data)).toBeLessThan(1e-12);
      expect(convTranspose2d.cost?.({ x: xs }, y.shape, params)).toEqual({
        params: sizeOf(wShape) + cout,
        macs: sizeOf(xs) * (cout / groups) * k * k,
      });
    });
    it(`${name}: gradients against central differences`, () =>
      expectRandomGradients(convTranspose2d, { x: xs, weight: wShape, bias: [cout] }, params));
  }

  it('is the adjoint of conv2d: ⟨convT(x), y⟩ = ⟨x, conv(y)⟩', () => {
    const p = { inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1, bias: false };
    const weight = randomTensor([2, 3, 3, 3], 1);
    const x = randomTensor([1, 2, 4, 4], 2);
    const t = convTranspose2d.forward({ x, weight }, p);
    const y = randomTensor(t.shape, 3);
    const c = conv2d.forward({ x: y, weight }, { inChannels: 3, outChannels: 2, kernel: 3, stride: 2, padding: 1, bias: false });
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(c.shape).toEqual(x.shape);
    expect(dot(t.data, y.data)).toBeCloseTo(dot(x.data, c.data), 12);
  });

  it('refuses an output padding not below the stride or dilation, and names the ports', () => {
    expect(opErrorMessage(() => convTranspose2d.shape({ x: [1, 3, 3] }, { stride: 2, outputPadding: 2 }))).toBe(
      'outputPadding 2 must be smaller than the stride 2 or the dilation 1',
    );
    expect(
      opErrorMessage(() => convTranspose2d.shape({ x: [2, 3, 3], weight: [4, 2, 3, 3] }, { inChannels: 2, outChannels: 4, groups: 2 })),
    ).toBe('convTranspose2d weight must be 2×2×3×3 (inChannels×outChannels/groups×kh×kw), got 4×2×3×3');
    expect(convTranspose2d.implicit?.('bias', {}, { inChannels: 4, outChannels: 6, groups: 2, kernel: 2 })).toEqual({
      shape: [6],
      init: 'uniform',
      scale: 1 / Math.sqrt(3 * 4),
    });
  });
});

describe('output-size formulas with the new options', () => {
  it('writes dilation, uneven "same" padding, ceil mode and the transposed formula', () => {
    expect(convFormula({ kernel: 3, dilation: 2, padding: 1 }, [1, 9, 9])).toBe('H_out = ⌊(9 + 2·1 − (2·(3 − 1) + 1))/1⌋ + 1 = 7');
    expect(convFormula({ kernel: 2, padding: 'same' }, [1, 5, 5])).toBe('H_out = ⌊(5 + 0 + 1 − 2)/1⌋ + 1 = 5');
    expect(convFormula({ kernel: 3, stride: 3, padding: 1, ceilMode: true }, [1, 5, 5])).toBe(
      'H_out = ⌈(5 + 2·1 − 3)/3⌉ + 1 = 3 − 1 = 2 (the last window would start in the padding)',
    );
    expect(conv1dFormula({ kernel: 3, stride: 2, padding: 1 }, [4, 9])).toBe('L_out = ⌊(9 + 2·1 − 3)/2⌋ + 1 = 5');
    expect(transposeFormula({ kernel: 3, stride: 2, padding: 1, outputPadding: 1 }, [1, 3, 3])).toBe(
      'H_out = (3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6',
    );
  });
});

describe('documents with the new parameters', () => {
  const doc = (params: Record<string, unknown>) =>
    JSON.stringify({
      format: 'backprop-studio.graph',
      version: 1,
      nodes: [
        { id: 'x', op: 'input', value: { shape: [1, 5, 5], init: 'zeros' }, position: { x: 0, y: 0 } },
        { id: 'c', op: 'conv2d', params, position: { x: 200, y: 0 } },
      ],
      edges: [{ source: 'x', target: 'c', port: 'x' }],
    });

  it('load padding "same" and refuse another word at load time, naming the parameter', () => {
    expect(parseDocument(doc({ padding: 'same', dilation: 2, groups: 1, paddingMode: 'reflect' })).ok).toBe(true);
    const bad = parseDocument(doc({ padding: 'full' }));
    expect(bad.ok ? [] : bad.issues).toEqual([
      { path: 'nodes[1].params.padding', message: 'must be an integer or a list of integers, or "same" or "valid"' },
    ]);
  });

  it('report invalid combinations on the node when the graph is analysed', () => {
    const r = parseDocument(doc({ inChannels: 1, outChannels: 2, groups: 2 }));
    if (!r.ok) throw new Error('should load');
    expect(analyze(r.doc).invalid.map((n) => [n.id, n.problem?.code])).toEqual([['c', 'param']]);
    expect(JSON.stringify(analyze(r.doc).invalid[0].problem)).toContain('groups 2 must divide inChannels 1 and outChannels 2');
  });
});
