import { formatLabel } from '../../format/number';
import { padIndex, type PaddingMode, type Pads } from '../../ops/tensor/kernels/pad2d';
import { inputGradTerms, outputDims, termText, type CellGeometry, type CellTerm } from './conv-cells';

/**
 * A conv whose padding copies input cells (reflect, replicate, circular) instead of adding zeros:
 * for each cell of the padded plane, the input cell it copies, as the engine pads (padIndex).
 */
export interface PadSource {
  readonly mode: Exclude<PaddingMode, 'zeros'>;
  readonly pads: Pads;
  readonly map: Int32Array;
}

export function padSource(g: CellGeometry, mode: Exclude<PaddingMode, 'zeros'>): PadSource {
  const pads = { top: g.win.ph, bottom: g.win.phEnd, left: g.win.pw, right: g.win.pwEnd };
  return { mode, pads, map: padIndex(g.h, g.w, pads, mode) };
}

/**
 * A product whose input cell may sit in the padding: (ph, pw) is where the window read it, in
 * input coordinates (−1 is the row above the input), and (h, w) the input cell whose value it holds.
 */
export interface PaddedTerm extends CellTerm {
  readonly ph: number;
  readonly pw: number;
}

const paddedWidth = (g: CellGeometry, pad: PadSource) => pad.pads.left + g.w + pad.pads.right;

/** The input cell that position (ph, pw) of the padded plane copies, in input coordinates. */
function source(g: CellGeometry, pad: PadSource, ph: number, pw: number): [number, number] {
  const k = pad.map[(ph + pad.pads.top) * paddedWidth(g, pad) + pw + pad.pads.left];
  return [Math.floor(k / g.w), k % g.w];
}

function inputChannels(g: CellGeometry, co: number): number[] {
  const per = g.cin / g.groups;
  const first = Math.floor(co / (g.cout / g.groups)) * per;
  return Array.from({ length: per }, (_, c) => first + c);
}

/** outputCellTerms with every window position kept: one in the padding reads the cell it copies. */
export function paddedOutputTerms(g: CellGeometry, pad: PadSource, co: number, oh: number, ow: number): PaddedTerm[] {
  const { win } = g;
  const terms: PaddedTerm[] = [];
  for (const ci of inputChannels(g, co)) {
    for (let i = 0; i < win.kh; i++) {
      for (let j = 0; j < win.kw; j++) {
        const [ph, pw] = [oh * win.sh - win.ph + i * win.dh, ow * win.sw - win.pw + j * win.dw];
        const [h, w] = source(g, pad, ph, pw);
        terms.push({ co, ci, i, j, h, w, oh, ow, ph, pw });
      }
    }
  }
  return terms;
}

/** weightGradTerms with every output cell kept: Σ dY[co, oh, ow] · X̃[ci, ph, pw], X̃ the padded input. */
export function paddedWeightGradTerms(g: CellGeometry, pad: PadSource, co: number, ci: number, i: number, j: number): PaddedTerm[] {
  const { win } = g;
  const [ho, wo] = outputDims(g);
  const terms: PaddedTerm[] = [];
  for (let oh = 0; oh < ho; oh++) {
    for (let ow = 0; ow < wo; ow++) {
      const [ph, pw] = [oh * win.sh - win.ph + i * win.dh, ow * win.sw - win.pw + j * win.dw];
      const [h, w] = source(g, pad, ph, pw);
      terms.push({ co, ci, i, j, h, w, oh, ow, ph, pw });
    }
  }
  return terms;
}

/**
 * The input gradient dL/dX[ci, h, w] when X[ci, h, w] is also copied into the padding: the terms
 * of every position holding it (the cell itself first, then its copies, row by row), since the
 * gradient of each copy flows back to the cell it was copied from.
 */
export function paddedInputGradTerms(g: CellGeometry, pad: PadSource, ci: number, h: number, w: number): PaddedTerm[] {
  const wp = paddedWidth(g, pad);
  const inner: CellGeometry = {
    ...g,
    h: pad.pads.top + g.h + pad.pads.bottom,
    w: wp,
    win: { ...g.win, ph: 0, pw: 0, phEnd: 0, pwEnd: 0 },
  };
  const positions: [number, number][] = [];
  pad.map.forEach((k, q) => {
    if (k === h * g.w + w) positions.push([Math.floor(q / wp) - pad.pads.top, (q % wp) - pad.pads.left]);
  });
  positions.sort(([a, b], [c, d]) => Number(c === h && d === w) - Number(a === h && b === w));
  return positions.flatMap(([ph, pw]) =>
    inputGradTerms(inner, ci, ph + pad.pads.top, pw + pad.pads.left).map((t) => ({ ...t, h, w, ph, pw })),
  );
}

/** The term as the window read it: its X index is the padded position. */
export const asRead = (t: PaddedTerm): CellTerm => ({ ...t, h: t.ph, w: t.pw });

const inPadding = (t: PaddedTerm) => t.ph !== t.h || t.pw !== t.w;

/** "X[1,2]" or "X[2,1,2]" (1-based, with the channel when there are several; row 0 is the padding above). */
const xName = (g: CellGeometry, ci: number, h: number, w: number) => `X[${(g.cin > 1 ? [ci, h, w] : [h, w]).map((v) => v + 1).join(',')}]`;

/** Padding cells listed before "… (n more)", as many as the worked sums show terms. */
const MAX_SHOWN = 12;

const list = (parts: readonly string[]) =>
  parts.length > MAX_SHOWN ? `${parts.slice(0, MAX_SHOWN).join('; ')}; … (${parts.length - MAX_SHOWN} more)` : parts.join('; ');

/**
 * Where the padding cells a sum read come from, with their values:
 * "reflect padding: X[0,1] = X[2,1] = 0.5; X[0,2] = X[2,2] = −1". Empty when it read none.
 */
export function paddingLine(g: CellGeometry, pad: PadSource, terms: readonly PaddedTerm[], x: ArrayLike<number>): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const t of terms) {
    const key = `${t.ci},${t.ph},${t.pw}`;
    if (!inPadding(t) || seen.has(key)) continue;
    seen.add(key);
    const v = x[(t.ci * g.h + t.h) * g.w + t.w];
    parts.push(`${xName(g, t.ci, t.ph, t.pw)} = ${xName(g, t.ci, t.h, t.w)} = ${formatLabel(v)}`);
  }
  return parts.length ? `${pad.mode} padding: ${list(parts)}` : '';
}

/** "X[1,2] is also copied to X[0,2] (reflect padding): each copy's gradient adds to it". Empty without copies. */
export function copiesLine(g: CellGeometry, pad: PadSource, terms: readonly PaddedTerm[], ci: number, h: number, w: number): string {
  const copies = [...new Set(terms.filter((t) => inPadding(t)).map((t) => xName(g, ci, t.ph, t.pw)))];
  return copies.length
    ? `${xName(g, ci, h, w)} is also copied to ${copies.join(', ')} (${pad.mode} padding): each copy’s gradient adds to it`
    : '';
}

/** termText with the X index where the window read it. */
export const paddedTermText = (g: CellGeometry, t: PaddedTerm, other: 'X' | 'dY'): string => termText(g, asRead(t), other);
