import { conv2d } from '../src/ops/tensor/conv';
import { sizeOf, type Shape, type Tensor } from '../src/tensor/tensor';
import { f32, permute, random } from './peer-data';

export interface ConvCase {
  name: string;
  x: Shape;
  cout: number;
  k: number;
  s: number;
  p: number;
  reps: number;
  peerReps: number;
}

export type Dims4 = [number, number, number, number];
type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

/** One convolution's inputs: ours N×C×H×W with OIHW weights, the peers' NHWC with HWIO filters; the same numbers, no bias. */
export interface ConvData {
  params: { inChannels: number; outChannels: number; kernel: number; stride: number; padding: number; bias: false };
  x: Tensor;
  weight: Tensor;
  dy: Tensor;
  outShape: Shape;
  /** Forward multiply-accumulates. */
  macs: number;
  peer: { x: Float32Array; xShape: Dims4; w: Float32Array; wShape: Dims4; dy: Float32Array; dyShape: Dims4; pad: 'valid' | Pad4 };
}

export function convData(c: ConvCase): ConvData {
  const [n, cin, h, w] = c.x;
  const params = { inChannels: cin, outChannels: c.cout, kernel: c.k, stride: c.s, padding: c.p, bias: false as const };
  const x = random(c.x, 1);
  const weight = random([c.cout, cin, c.k, c.k], 2);
  const outShape = conv2d.shape({ x: c.x }, params);
  const dy = random(outShape, 3);
  const [, cout, ho, wo] = outShape;
  const p = c.p;
  return {
    params,
    x,
    weight,
    dy,
    outShape,
    macs: sizeOf(outShape) * cin * c.k * c.k,
    peer: {
      x: f32(permute(x.data, c.x, [0, 2, 3, 1])),
      xShape: [n, h, w, cin],
      w: f32(permute(weight.data, weight.shape, [2, 3, 1, 0])),
      wShape: [c.k, c.k, cin, c.cout],
      dy: f32(permute(dy.data, outShape, [0, 2, 3, 1])),
      dyShape: [n, ho, wo, cout],
      pad:
        p === 0
          ? 'valid'
          : [
              [0, 0],
              [p, p],
              [p, p],
              [0, 0],
            ],
    },
  };
}
