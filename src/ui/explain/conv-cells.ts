import { convOutputSize, type Window2d } from '../../ops/tensor/kernels/window';

/** One image through a conv2d or a pool: channels, height and width in, the window, channels out. */
export interface CellGeometry {
  readonly cin: number;
  readonly cout: number;
  readonly h: number;
  readonly w: number;
  readonly win: Window2d;
}

/** H_out and W_out. */
export const outputDims = (g: CellGeometry): [number, number] => [
  convOutputSize(g.h, g.win.kh, g.win.sh, g.win.ph),
  convOutputSize(g.w, g.win.kw, g.win.sw, g.win.pw),
];

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
 * W[co, ci, i, j] · X[ci, oh·sh − ph + i, ow·sw − pw + j] over the window, channel by channel.
 * Window positions in the zero padding add nothing and are left out.
 */
export function outputCellTerms(g: CellGeometry, co: number, oh: number, ow: number): CellTerm[] {
  const { win } = g;
  const terms: CellTerm[] = [];
  for (let ci = 0; ci < g.cin; ci++) {
    for (let i = 0; i < win.kh; i++) {
      const h = oh * win.sh - win.ph + i;
      if (h < 0 || h >= g.h) continue;
      for (let j = 0; j < win.kw; j++) {
        const w = ow * win.sw - win.pw + j;
        if (w >= 0 && w < g.w) terms.push({ co, ci, i, j, h, w, oh, ow });
      }
    }
  }
  return terms;
}

/**
 * The products whose sum is the input gradient dL/dX[ci, h, w] of a cross-correlation: every
 * output cell whose window covers (h, w), times the weight that met it there,
 * Σ W[co, ci, i, j] · dY[co, oh, ow] with oh·sh − ph + i = h and ow·sw − pw + j = w.
 * Ordered by output channel, then output row and column.
 */
export function inputGradTerms(g: CellGeometry, ci: number, h: number, w: number): CellTerm[] {
  const { win } = g;
  const [ho, wo] = outputDims(g);
  const terms: CellTerm[] = [];
  for (let co = 0; co < g.cout; co++) {
    for (let i = win.kh - 1; i >= 0; i--) {
      const rh = h + win.ph - i;
      if (rh < 0 || rh % win.sh !== 0 || rh / win.sh >= ho) continue;
      for (let j = win.kw - 1; j >= 0; j--) {
        const rw = w + win.pw - j;
        if (rw < 0 || rw % win.sw !== 0 || rw / win.sw >= wo) continue;
        terms.push({ co, ci, i, j, h, w, oh: rh / win.sh, ow: rw / win.sw });
      }
    }
  }
  return terms;
}

/** Flat offsets into C×H×W input, Cout×Cin×kh×kw weight and Cout×Ho×Wo output arrays. */
export function offsets(g: CellGeometry, t: CellTerm): { x: number; weight: number; y: number } {
  const [ho, wo] = outputDims(g);
  return {
    x: (t.ci * g.h + t.h) * g.w + t.w,
    weight: ((t.co * g.cin + t.ci) * g.win.kh + t.i) * g.win.kw + t.j,
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

/** The input rows [h0, h1) and columns [w0, w1) a window reads, cut to the input. */
export function windowOf(g: CellGeometry, oh: number, ow: number): { h0: number; h1: number; w0: number; w1: number } {
  const { win } = g;
  const top = oh * win.sh - win.ph;
  const left = ow * win.sw - win.pw;
  return { h0: Math.max(0, top), h1: Math.min(g.h, top + win.kh), w0: Math.max(0, left), w1: Math.min(g.w, left + win.kw) };
}

/** The flat index within an H×W plane of a window's largest value (the first on ties), as max pooling picks it. */
export function argmaxIn(plane: ArrayLike<number>, width: number, box: { h0: number; h1: number; w0: number; w1: number }): number {
  let at = box.h0 * width + box.w0;
  for (let h = box.h0; h < box.h1; h++) {
    for (let w = box.w0; w < box.w1; w++) if (plane[h * width + w] > plane[at]) at = h * width + w;
  }
  return at;
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
