import { formatShape } from '../../format/shape';
import { sizeOf, type Shape } from '../../tensor/tensor';
import { num, OpError, type Params, type TensorOp } from '../types';
import { intsOf, listText } from './dims';
import { required } from './weights';

type Mode = 'nearest' | 'bilinear';
const MODES: readonly Mode[] = ['nearest', 'bilinear'];

interface Resize {
  readonly mode: Mode;
  readonly alignCorners: boolean;
  /** [oh, ow] from `size`, or null: then the scale factor sets the size and the coordinate map. */
  readonly size: readonly [number, number] | null;
  readonly scale: number;
}

function readResize(p: Params): Resize {
  const mode = MODES.find((m) => m === p.mode);
  if (!mode) throw new OpError(`upsample mode must be nearest or bilinear, got ${JSON.stringify(p.mode)}`, 'param');
  const alignCorners = p.alignCorners === true;
  if (alignCorners && mode === 'nearest') {
    throw new OpError(
      'upsample alignCorners applies to bilinear only (torch refuses it with nearest): turn it off or set mode to bilinear',
      'param',
    );
  }
  const sizes = intsOf(p, 'size');
  if (sizes.length > 2 || !sizes.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new OpError(
      `upsample size must be empty (use the scale factor), one whole number ≥ 1 or [h, w], got ${listText(sizes)}`,
      'param',
    );
  }
  const scale = num(p, 'scaleFactor');
  if (!(scale > 0)) throw new OpError(`upsample scaleFactor must be > 0, got ${scale}`, 'param');
  const size = sizes.length === 0 ? null : ([sizes[0], sizes[sizes.length - 1]] as const);
  return { mode, alignCorners, size, scale };
}

function outShape(x: Shape, r: Resize): Shape {
  if (x.length !== 4) throw new OpError(`upsample expects N×C×H×W input (as F.interpolate's 2-D modes), got ${formatShape(x)}`);
  const [N, C, H, W] = x;
  const [oh, ow] = r.size ?? [Math.floor(H * r.scale), Math.floor(W * r.scale)];
  if (oh < 1 || ow < 1) {
    throw new OpError(
      `upsample of ${formatShape(x)} by scaleFactor ${r.scale} gives an empty ${oh}×${ow} image: use a larger factor`,
      'param',
    );
  }
  return [N, C, oh, ow];
}

/** Where output row (or column) o reads: two input indices and their weights (nearest: one index, weight 1). */
interface Axis {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly l1: Float64Array;
}

/**
 * torch 1.13's CPU kernels for N×C×H×W input. Nearest: src = min(floor(o·s), n − 1), s = 1/scaleFactor
 * when a factor is given, else n/out, the product rounded to float32 before the floor (floorf).
 * Bilinear: align corners maps o·(n − 1)/(out − 1); otherwise half-pixel centres (o + ½)·s − ½,
 * clamped at 0, in float64; out = n is the identity.
 */
function axis(n: number, out: number, r: Resize): Axis {
  const i0 = new Int32Array(out);
  const i1 = new Int32Array(out);
  const l1 = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    if (r.mode === 'nearest') {
      i0[o] = i1[o] = Math.min(Math.floor(Math.fround(o * (r.size ? n / out : 1 / r.scale))), n - 1);
    } else if (out === n) {
      i0[o] = i1[o] = o;
    } else {
      const s = r.alignCorners ? (out > 1 ? (n - 1) / (out - 1) : 0) : r.size ? n / out : 1 / r.scale;
      const src = r.alignCorners ? s * o : Math.max(s * (o + 0.5) - 0.5, 0);
      i0[o] = Math.floor(src);
      i1[o] = i0[o] + (i0[o] < n - 1 ? 1 : 0);
      l1[o] = Math.min(Math.max(src - i0[o], 0), 1);
    }
  }
  return { i0, i1, l1 };
}

/** Calls `visit(outIndex, inIndex, weight)` for each of the (up to four) input pixels each output pixel blends. */
function blend(x: Shape, out: Shape, r: Resize, visit: (o: number, i: number, w: number) => void): void {
  const [N, C, H, W] = x;
  const [, , oh, ow] = out;
  const ys = axis(H, oh, r);
  const xs = axis(W, ow, r);
  for (let plane = 0; plane < N * C; plane++) {
    for (let y = 0; y < oh; y++) {
      const rows = [ys.i0[y], ys.i1[y]];
      const wy = [1 - ys.l1[y], ys.l1[y]];
      for (let xo = 0; xo < ow; xo++) {
        const o = (plane * oh + y) * ow + xo;
        const cols = [xs.i0[xo], xs.i1[xo]];
        const wx = [1 - xs.l1[xo], xs.l1[xo]];
        for (let a = 0; a < 2; a++) {
          for (let b = 0; b < 2; b++) {
            if (wy[a] !== 0 && wx[b] !== 0) visit(o, (plane * H + rows[a]) * W + cols[b], wy[a] * wx[b]);
          }
        }
      }
    }
  }
}

const planeText = (r: Resize): string => (r.size ? `to ${r.size[0]}×${r.size[1]}` : `×${r.scale}`);

/**
 * Resizes N×C×H×W images, torch's F.interpolate in modes nearest and bilinear (align_corners on or
 * off), to a size or by a scale factor, with torch's own coordinate conventions (see `axis`).
 */
export const upsample: TensorOp = {
  kind: 'tensor',
  type: 'upsample',
  group: 'Tensor',
  title: 'Upsample',
  keywords: ['interpolate', 'resize', 'nearest', 'bilinear', 'align_corners', 'F.interpolate', 'zoom'],
  inputs: [{ name: 'x' }],
  params: [
    { name: 'mode', kind: 'enum', default: 'nearest', options: MODES, label: 'mode' },
    { name: 'scaleFactor', kind: 'number', default: 2, label: 'scale factor (when size is empty)' },
    { name: 'size', kind: 'ints', default: [], label: 'output size s or [h, w] (empty: by the scale factor)' },
    { name: 'alignCorners', kind: 'bool', default: false, label: 'align corners (bilinear only)' },
  ],
  symbol: () => 'up',
  summary: (p) => {
    const r = readResize(p);
    return `${r.mode} ${planeText(r)}${r.alignCorners ? ' ac' : ''}`;
  },
  text: ([x], p) => {
    const r = readResize(p);
    return `upsample(${x}, ${r.mode} ${planeText(r)}${r.alignCorners ? ', align_corners' : ''})`;
  },
  latex: ([x]) => `\\mathrm{upsample}(${x})`,
  torch: ({ args: { x }, params }, py) => {
    const r = readResize(params);
    const how = r.size ? `size=${py.ints(r.size)}` : `scale_factor=${py.float(r.scale)}`;
    return `F.interpolate(${x}, ${how}, mode='${r.mode}'${r.mode === 'bilinear' ? `, align_corners=${r.alignCorners ? 'True' : 'False'}` : ''})`;
  },
  rule: (p) => ({
    x:
      readResize(p).mode === 'nearest'
        ? '∂L/∂x[i] = Σ ∂L/∂y over the output pixels that copied pixel i'
        : '∂L/∂x[i] = Σ over output pixels of (its bilinear weight on pixel i) · ∂L/∂y',
  }),
  shape: ({ x }, p) => {
    if (!x) throw new OpError('upsample needs a tensor on its "x" port');
    return outShape(x, readResize(p));
  },
  forward: (ins, p) => {
    const x = required('upsample', ins, 'x');
    const r = readResize(p);
    const shape = outShape(x.shape, r);
    const data = new Float64Array(sizeOf(shape));
    blend(x.shape, shape, r, (o, i, w) => (data[o] += w * x.data[i]));
    return { shape, data };
  },
  // Linear in x: the tangent is resized the same way.
  jvp: (_ins, out, { x }, p) => (x ? upsample.forward({ x }, p) : { shape: [...out.shape], data: new Float64Array(out.data.length) }),
  backward: (ins, out, g, p) => {
    const x = required('upsample', ins, 'x');
    const data = new Float64Array(x.data.length);
    blend(x.shape, out.shape, readResize(p), (o, i, w) => (data[i] += w * g.data[o]));
    return { x: { shape: [...x.shape], data } };
  },
  /** As fvcore counts them: 1 per output element for nearest, 4 for bilinear (its four weighted reads). */
  cost: (_inputs, out, p) => ({ params: 0, macs: sizeOf(out) * (readResize(p).mode === 'nearest' ? 1 : 4) }),
};
