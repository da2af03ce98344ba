import type { Shape } from '../../tensor/tensor';
import type { ParamSpec, Params, TensorOp, TorchForm } from '../types';
import { addBack, readThrough, type IndexMap } from './index-map';

/** What a one-input op that only moves numbers says about itself; the rest follows from its index table. */
export interface MoverSpec {
  readonly type: string;
  readonly title: string;
  readonly keywords: readonly string[];
  readonly params: readonly ParamSpec[];
  readonly symbol: string;
  summary?(p: Params): string;
  /** The op in plain text, given its argument and params: `permute(x, [0, 2, 1])`. */
  text(x: string, p: Params): string;
  latex(x: string, p: Params): string;
  readonly torch: TorchForm;
  /** How the gradient flows back, in words. */
  readonly rule: string;
  /** The output shape, or an OpError naming what to change. */
  shape(x: Shape, p: Params): Shape;
  /** The output's index table (it may assume `shape` accepted `x`). */
  map(x: Shape, p: Params): IndexMap;
  /** The fill of entries the table leaves at -1 (constant padding). */
  fill?(p: Params): number;
}

/** A tensor op on port `x` that moves numbers: no parameters, no multiply-adds. */
export function mover(s: MoverSpec): TensorOp {
  return {
    kind: 'tensor',
    type: s.type,
    group: 'Tensor',
    title: s.title,
    keywords: s.keywords,
    inputs: [{ name: 'x' }],
    params: s.params,
    symbol: () => s.symbol,
    ...(s.summary && { summary: s.summary }),
    text: ([x], p) => s.text(x, p),
    latex: ([x], p) => s.latex(x, p),
    torch: s.torch,
    rule: () => ({ x: s.rule }),
    shape: ({ x }, p) => s.shape(x, p),
    forward: ({ x }, p) => {
      s.shape(x.shape, p);
      return readThrough(x, s.map(x.shape, p), s.fill?.(p) ?? 0);
    },
    backward: ({ x }, _out, g, p) => ({ x: addBack(x.shape, s.map(x.shape, p), g) }),
    cost: () => ({ params: 0, macs: 0 }),
  };
}
