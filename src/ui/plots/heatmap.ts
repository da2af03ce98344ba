import { interpolateRdBu, interpolateViridis, rgb } from 'd3';

/** A forward value (sequential colours) or a gradient (diverging colours centred on 0). */
export type Side = 'value' | 'grad';

/** One H×W plane of a tensor: the last two axes, or a 1 × n row for a vector. */
export interface Plane {
  readonly data: ArrayLike<number>;
  readonly offset: number;
  readonly h: number;
  readonly w: number;
}

/** How many H×W planes a tensor of this shape holds (channels × images). */
export function planeCount(shape: readonly number[]): number {
  let n = 1;
  for (let d = 0; d < shape.length - 2; d++) n *= shape[d];
  return n;
}

/** Plane p of a tensor (0 if out of range). */
export function planeOf(shape: readonly number[], data: ArrayLike<number>, p = 0): Plane {
  const h = shape.length >= 2 ? shape[shape.length - 2] : 1;
  const w = shape.length >= 1 ? shape[shape.length - 1] : 1;
  const at = p >= 0 && p < planeCount(shape) ? p : 0;
  return { data, offset: at * h * w, h, w };
}

/** The [min, max] of a plane, finite values only ([0, 0] when there are none). */
export function extentOf(plane: Plane): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = plane.offset, end = plane.offset + plane.h * plane.w; i < end; i++) {
    const v = plane.data[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

/**
 * Where a number falls on the colour ramp, in [0, 1]. Values stretch from min to max; gradients
 * map a symmetric domain [-m, m] with 0 in the middle, so the sign is always readable.
 */
export function rampPosition(side: Side, [min, max]: readonly [number, number]): (v: number) => number {
  if (side === 'grad') {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return (v) => Math.min(1, Math.max(0, 0.5 + v / (2 * m)));
  }
  const span = max - min;
  return span > 0 ? (v) => Math.min(1, Math.max(0, (v - min) / span)) : () => 0.5;
}

const LUT_SIZE = 256;
const luts = new Map<Side, Uint8ClampedArray>();

/** 256 RGB entries of a ramp: viridis for values, red (positive) to blue (negative) for gradients. */
function lut(side: Side): Uint8ClampedArray {
  let table = luts.get(side);
  if (!table) {
    table = new Uint8ClampedArray(LUT_SIZE * 3);
    for (let i = 0; i < LUT_SIZE; i++) {
      const t = i / (LUT_SIZE - 1);
      const c = rgb(side === 'grad' ? interpolateRdBu(1 - t) : interpolateViridis(t));
      table.set([c.r, c.g, c.b], i * 3);
    }
    luts.set(side, table);
  }
  return table;
}

/** WCAG 2 relative luminance of an sRGB colour given in 0-255 channels. */
function luminance(r: number, g: number, b: number): number {
  const lin = (c: number) => (c <= 0.03928 * 255 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * The colour of a ramp position, and the text colour of higher WCAG contrast on it: black or
 * white, whichever reads better (at least 4.5:1 everywhere on both ramps; a fixed threshold on
 * brightness gave 2.9:1 in viridis's middle).
 */
export function colourAt(side: Side, t: number): { bg: string; fg: string } {
  const table = lut(side);
  const i = Math.round(t * (LUT_SIZE - 1)) * 3;
  const [r, g, b] = [table[i], table[i + 1], table[i + 2]];
  const l = luminance(r, g, b);
  // Contrast with white is 1.05 / (l + 0.05), with black (l + 0.05) / 0.05.
  return { bg: `rgb(${r} ${g} ${b})`, fg: 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#fff' : '#000' };
}

/** Paints a plane one pixel per cell into an ImageData-sized RGBA buffer (NaN and ±∞ grey). */
export function paintPlane(plane: Plane, side: Side, rgba: Uint8ClampedArray): void {
  const table = lut(side);
  const pos = rampPosition(side, extentOf(plane));
  for (let i = 0, n = plane.h * plane.w; i < n; i++) {
    const v = plane.data[plane.offset + i];
    const o = i * 4;
    if (Number.isFinite(v)) {
      const j = Math.round(pos(v) * (LUT_SIZE - 1)) * 3;
      rgba[o] = table[j];
      rgba[o + 1] = table[j + 1];
      rgba[o + 2] = table[j + 2];
    } else {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = 128;
    }
    rgba[o + 3] = 255;
  }
}
