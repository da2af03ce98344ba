import type { PoolGeometry } from '../../ops/tensor/kernels/pool2d';
import { convOutputSize, type Window2d } from '../../ops/tensor/kernels/window';

/**
 * One image through a conv2d or a pool: channels, height and width in, the window, channels out,
 * and the groups (input channel ci meets output channel co only when they are in the same group).
 */
export interface CellGeometry {
  readonly cin: number;
  readonly cout: number;
  readonly h: number;
  readonly w: number;
  readonly win: Window2d;
  readonly groups: number;
}

/** H_out and W_out. */
export const outputDims = (g: CellGeometry): [number, number] => [
  convOutputSize(g.h, g.win.kh, g.win.sh, g.win.ph, g.win.dh, g.win.phEnd),
  convOutputSize(g.w, g.win.kw, g.win.sw, g.win.pw, g.win.dw, g.win.pwEnd),
];

/** The input channels output channel `co` reads: those of its group. */
function inputChannels(g: CellGeometry, co: number): number[] {
  const per = g.cin / g.groups;
  const first = Math.floor(co / (g.cout / g.groups)) * per;
  return Array.from({ length: per }, (_, c) => first + c);
}

/** The output channels input channel `ci` feeds: those of its group. */
function outputChannels(g: CellGeometry, ci: number): number[] {
  const per = g.cout / g.groups;
  const first = Math.floor(ci / (g.cin / g.groups)) * per;
  return Array.from({ length: per }, (_, c) => first + c);
}

/** A product W[co, ci, i, j] · X[ci, h, w] or W[co, ci, i, j] · dY[co, oh, ow], by 0-based indices. */
export interface CellTerm {
  readonly co: number;
  readonly ci: number;
  /** Kernel row and column. */
  readonly i: number;
  readonly j: number;
  /** Input cell. */
  readonly h: number;
  readonly w: number;
  /** Output cell. */
  readonly oh: number;
  readonly ow: number;
}

/**
 * The products whose sum is the output cell Y[co, oh, ow] of a cross-correlation (bias aside):
 * W[co, ci, i, j] · X[ci, oh·sh − ph + i·dh, ow·sw − pw + j·dw] over the window, channel by
 * channel of co's group. Window positions in the zero padding add nothing and are left out.
 */
export function outputCellTerms(g: CellGeometry, co: number, oh: number, ow: number): CellTerm[] {
  const { win } = g;
  const terms: CellTerm[] = [];
  for (const ci of inputChannels(g, co)) {
    for (let i = 0; i < win.kh; i++) {
      const h = oh * win.sh - win.ph + i * win.dh;
      if (h < 0 || h >= g.h) continue;
      for (let j = 0; j < win.kw; j++) {
        const w = ow * win.sw - win.pw + j * win.dw;
        if (w >= 0 && w < g.w) terms.push({ co, ci, i, j, h, w, oh, ow });
      }
    }
  }
  return terms;
}

/**
 * The products whose sum is the input gradient dL/dX[ci, h, w] of a cross-correlation: every
 * output cell whose window covers (h, w), times the weight that met it there,
 * Σ W[co, ci, i, j] · dY[co, oh, ow] with oh·sh − ph + i·dh = h and ow·sw − pw + j·dw = w.
 * Ordered by output channel (of ci's group), then output row and column. The same terms, read
 * the other way, are where input cell X[ci, h, w] of a transposed convolution lands.
 */
export function inputGradTerms(g: CellGeometry, ci: number, h: number, w: number): CellTerm[] {
  const { win } = g;
  const [ho, wo] = outputDims(g);
  const terms: CellTerm[] = [];
  for (const co of outputChannels(g, ci)) {
    for (let i = win.kh - 1; i >= 0; i--) {
      const rh = h + win.ph - i * win.dh;
      if (rh < 0 || rh % win.sh !== 0 || rh / win.sh >= ho) continue;
      for (let j = win.kw - 1; j >= 0; j--) {
        const rw = w + win.pw - j * win.dw;
        if (rw < 0 || rw % win.sw !== 0 || rw / win.sw >= wo) continue;
        terms.push({ co, ci, i, j, h, w, oh: rh / win.sh, ow: rw / win.sw });
      }
    }
  }
  return terms;
}

/** Flat offsets into C×H×W input, Cout×(Cin/groups)×kh×kw weight and Cout×Ho×Wo output arrays. */
export function offsets(g: CellGeometry, t: CellTerm): { x: number; weight: number; y: number } {
  const [ho, wo] = outputDims(g);
  return {
    x: (t.ci * g.h + t.h) * g.w + t.w,
    weight: ((t.co * (g.cin / g.groups) + (t.ci % (g.cin / g.groups))) * g.win.kh + t.i) * g.win.kw + t.j,
    y: (t.co * ho + t.oh) * wo + t.ow,
  };
}

/** Σ W · dY over the terms of an input-gradient cell, or Σ W · X over those of an output cell. */
export function sumTerms(
  g: CellGeometry,
  terms: readonly CellTerm[],
  weight: ArrayLike<number>,
  other: ArrayLike<number>,
  by: 'x' | 'y',
): number {
  let s = 0;
  for (const t of terms) {
    const o = offsets(g, t);
    s += weight[o.weight] * other[by === 'x' ? o.x : o.y];
  }
  return s;
}

/**
 * The products whose sum is the weight gradient dL/dW[co, ci, i, j] over one image: every output
 * cell's dY times the input cell the kernel cell (i, j) met there,
 * Σ dY[co, oh, ow] · X[ci, oh·sh − ph + i·dh, ow·sw − pw + j·dw], padding left out.
 */
export function weightGradTerms(g: CellGeometry, co: number, ci: number, i: number, j: number): CellTerm[] {
  const { win } = g;
  const [ho, wo] = outputDims(g);
  const terms: CellTerm[] = [];
  for (let oh = 0; oh < ho; oh++) {
    const h = oh * win.sh - win.ph + i * win.dh;
    if (h < 0 || h >= g.h) continue;
    for (let ow = 0; ow < wo; ow++) {
      const w = ow * win.sw - win.pw + j * win.dw;
      if (w >= 0 && w < g.w) terms.push({ co, ci, i, j, h, w, oh, ow });
    }
  }
  return terms;
}

/** The cells (flat indices in an H×W plane) a pool's window reads for output cell (oh, ow), dilation and ceil mode included. */
export function poolCells(g: PoolGeometry, oh: number, ow: number): number[] {
  const cells: number[] = [];
  for (let a = 0; a < g.rows.count[oh]; a++) {
    const h = g.rows.first[oh] + a * g.rows.step;
    for (let b = 0; b < g.cols.count[ow]; b++) cells.push(h * g.w + g.cols.first[ow] + b * g.cols.step);
  }
  return cells;
}

/** "[2,3]" (1-based, as the exams write it) with the channels when there is more than one. */
const idx = (parts: number[]) => `[${parts.map((p) => p + 1).join(',')}]`;

/** A term in the exams' notation: "W[2,2] dY[1,2]" (1-based), channels shown when there are several. */
export function termText(g: CellGeometry, t: CellTerm, other: 'X' | 'dY'): string {
  const multi = g.cin > 1 || g.cout > 1;
  const wIdx = multi ? idx([t.co, t.ci, t.i, t.j]) : idx([t.i, t.j]);
  const oIdx =
    other === 'X' ? (g.cin > 1 ? idx([t.ci, t.h, t.w]) : idx([t.h, t.w])) : g.cout > 1 ? idx([t.co, t.oh, t.ow]) : idx([t.oh, t.ow]);
  return `W${wIdx} ${other}${oIdx}`;
}
