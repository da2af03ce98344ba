import { OpError } from '../../types';

/** How a convolution fills the cells its padding adds, as PyTorch's padding_mode. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export const PADDING_MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

/** Padding on each side of one plane: top, bottom, left, right. */
export interface Pads {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** The source index along an axis of length n for position i (negative or ≥ n in the padding); checkPads keeps i in reach. */
function source(i: number, n: number, mode: Exclude<PaddingMode, 'zeros'>): number {
  if (mode === 'replicate') return Math.min(n - 1, Math.max(0, i));
  if (mode === 'circular') return ((i % n) + n) % n;
  if (i < 0) return -i;
  return i >= n ? 2 * (n - 1) - i : i;
}

/**
 * Refuses padding the mode cannot make, with PyTorch's limits: reflect needs padding below the
 * input length (it mirrors without repeating the edge), circular at most the length.
 */
export function checkPads(mode: PaddingMode, h: number, w: number, pads: Pads): void {
  const most = Math.max(pads.top, pads.bottom, pads.left, pads.right);
  if (mode === 'reflect' && (Math.max(pads.top, pads.bottom) >= h || Math.max(pads.left, pads.right) >= w)) {
    throw new OpError(`paddingMode "reflect" needs padding smaller than the input ${h}×${w}, got ${most} (lower padding)`, 'param');
  }
  if (mode === 'circular' && (Math.max(pads.top, pads.bottom) > h || Math.max(pads.left, pads.right) > w)) {
    throw new OpError(`paddingMode "circular" needs padding at most the input ${h}×${w}, got ${most} (lower padding)`, 'param');
  }
}

/**
 * For each cell of the padded (top + h + bottom) × (left + w + right) plane, the index in the h×w
 * plane it copies. Gathering through it pads; scattering back through it adds the gradient of
 * every copy to its source.
 */
export function padIndex(h: number, w: number, pads: Pads, mode: Exclude<PaddingMode, 'zeros'>): Int32Array {
  const hp = pads.top + h + pads.bottom;
  const wp = pads.left + w + pads.right;
  const map = new Int32Array(hp * wp);
  for (let i = 0; i < hp; i++) {
    const si = source(i - pads.top, h, mode);
    for (let j = 0; j < wp; j++) map[i * wp + j] = si * w + source(j - pads.left, w, mode);
  }
  return map;
}

/** out[plane][q] = x[plane][map[q]] for every plane. */
export function gatherPlanes(x: Float64Array, planes: number, inPlane: number, map: Int32Array, out: Float64Array): void {
  const outPlane = map.length;
  for (let p = 0; p < planes; p++) {
    const src = p * inPlane;
    const dst = p * outPlane;
    for (let q = 0; q < outPlane; q++) out[dst + q] = x[src + map[q]];
  }
}

/** dx[plane][map[q]] += dOut[plane][q]: the adjoint of gatherPlanes. */
export function scatterPlanes(dOut: Float64Array, planes: number, inPlane: number, map: Int32Array, dx: Float64Array): void {
  const outPlane = map.length;
  for (let p = 0; p < planes; p++) {
    const src = p * outPlane;
    const dst = p * inPlane;
    for (let q = 0; q < outPlane; q++) dx[dst + map[q]] += dOut[src + q];
  }
}
