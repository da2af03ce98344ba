import { sizeOf, zeros, type Shape, type Tensor } from '../../tensor/tensor';
import { OpError, type ParamSpec, type Params } from '../types';
import { conv2dBackward, conv2dForward, type ConvGeometry } from './kernels/conv2d';
import { PADDING_MODES, checkPads, gatherPlanes, padIndex, scatterPlanes, type Pads, type PaddingMode } from './kernels/pad2d';
import { outputSize, type Planes, type Window2d } from './kernels/window';
import { hasBias, readInt } from './weights';

/** What conv2d and conv1d share: channels, groups, the window (conv1d's has kh = 1), bias and padding mode. */
export interface ConvConfig {
  readonly op: string;
  readonly cin: number;
  readonly cout: number;
  readonly groups: number;
  readonly win: Window2d;
  readonly bias: boolean;
  readonly mode: PaddingMode;
}

export const GROUPS_PARAM: ParamSpec = { name: 'groups', kind: 'int', default: 1, min: 1, label: 'groups (inChannels for depthwise)' };
export const PADDING_MODE_PARAM: ParamSpec = {
  name: 'paddingMode',
  kind: 'enum',
  default: 'zeros',
  options: PADDING_MODES,
  label: 'padding mode',
};

/** Channels and groups, with PyTorch's rule that groups divide both channel counts. */
export function readChannels(op: string, p: Params): { cin: number; cout: number; groups: number } {
  const cin = readInt(p, 'inChannels', 1, 1);
  const cout = readInt(p, 'outChannels', 1, 1);
  const groups = readInt(p, 'groups', 1, 1);
  if (cin % groups !== 0 || cout % groups !== 0) {
    throw new OpError(
      `${op}: groups ${groups} must divide inChannels ${cin} and outChannels ${cout} (depthwise: groups = inChannels, outChannels a multiple of it)`,
      'param',
    );
  }
  return { cin, cout, groups };
}

export function readConfig(op: string, p: Params, win: Window2d): ConvConfig {
  const mode = p.paddingMode ?? 'zeros';
  const found = PADDING_MODES.find((m) => m === mode);
  if (!found) throw new OpError(`paddingMode must be one of ${PADDING_MODES.join(', ')}, got ${JSON.stringify(mode)}`, 'param');
  return { op, ...readChannels(op, p), win, bias: hasBias(p), mode: found };
}

/**
 * The loop sizes of a convolution over `planes`. A padding mode other than zeros pads the input
 * explicitly first (`pad`: the input plane and its padding), and the kernel then runs unpadded.
 * Nothing is allocated here, so a shape check of a huge layer costs nothing.
 */
export interface ConvPlan {
  readonly g: ConvGeometry;
  readonly pad: { readonly h: number; readonly w: number; readonly pads: Pads; readonly mode: Exclude<PaddingMode, 'zeros'> } | null;
}

export function convPlan(c: ConvConfig, planes: Planes): ConvPlan {
  if (planes.c !== c.cin) {
    throw new OpError(`${c.op} expects ${c.cin} input channels, got ${planes.c} (set inChannels to ${planes.c})`);
  }
  const [ho, wo] = outputSize(planes, c.win);
  const base = { n: planes.n, cin: c.cin, cout: c.cout, ho, wo, groups: c.groups };
  if (c.mode === 'zeros') return { g: { ...base, h: planes.h, w: planes.w, win: c.win }, pad: null };
  const { win } = c;
  const pads = { top: win.ph, bottom: win.phEnd, left: win.pw, right: win.pwEnd };
  checkPads(c.mode, planes.h, planes.w, pads);
  const g = {
    ...base,
    h: planes.h + win.ph + win.phEnd,
    w: planes.w + win.pw + win.pwEnd,
    win: { ...win, ph: 0, pw: 0, phEnd: 0, pwEnd: 0 },
  };
  return { g, pad: { h: planes.h, w: planes.w, pads, mode: c.mode } };
}

/** Where each padded cell copies from, or null for zero padding. */
const padMap = (plan: ConvPlan): Int32Array | null => (plan.pad ? padIndex(plan.pad.h, plan.pad.w, plan.pad.pads, plan.pad.mode) : null);

/** The input as the kernel reads it: padded through `map`, or as it is for zeros. */
function padded(plan: ConvPlan, map: Int32Array | null, x: Float64Array, inPlane: number): Float64Array {
  if (!map) return x;
  const planes = plan.g.n * plan.g.cin;
  const out = new Float64Array(planes * map.length);
  gatherPlanes(x, planes, inPlane, map, out);
  return out;
}

/** y = W ⋆ x + b into a fresh tensor of shape `out`. */
export function convForward(plan: ConvPlan, out: Shape, x: Tensor, w: Tensor, b: Tensor | undefined, inPlane: number): Tensor {
  const y = zeros(out);
  conv2dForward(plan.g, padded(plan, padMap(plan), x.data, inPlane), w.data, b?.data, y.data);
  return y;
}

/** dx, dW and (with a bias) db. */
export function convBackward(plan: ConvPlan, c: ConvConfig, x: Tensor, w: Tensor, dy: Tensor, inPlane: number): Record<string, Tensor> {
  const dx = zeros(x.shape);
  const dw = zeros(w.shape);
  const db = c.bias ? zeros([c.cout]) : undefined;
  const map = padMap(plan);
  const xp = padded(plan, map, x.data, inPlane);
  const dxp = map ? new Float64Array(xp.length) : dx.data;
  conv2dBackward(plan.g, xp, w.data, dy.data, { dx: dxp, dw: dw.data, db: db?.data });
  if (map) scatterPlanes(dxp, plan.g.n * plan.g.cin, inPlane, map, dx.data);
  const grads: Record<string, Tensor> = { x: dx, weight: dw };
  if (db) grads.bias = db;
  return grads;
}

/** Params Cout·(Cin/groups·kh·kw + 1); MACs per output cell Cin/groups·kh·kw (the exams' FLOPs). */
export function convCost(c: ConvConfig, out: Shape): { params: number; macs: number } {
  const perOutput = (c.cin / c.groups) * c.win.kh * c.win.kw;
  return { params: c.cout * (perOutput + (c.bias ? 1 : 0)), macs: sizeOf(out) * perOutput };
}

/** "[1, 2]" or "1" for the text form. */
export const pairText = (a: number, b: number): string => (a === b ? `${a}` : `[${a}, ${b}]`);
