import type { Float32Report } from '../../ops/tensor/kernels/float32';

/** Fast float32 mode: whether the user asked for it, and what the last evaluation's float32 did. */
export interface PrecisionState {
  /** Asked for; it applies only to graphs of at least FAST_F32_MIN_MACS multiply-adds. */
  readonly fastFloat32: boolean;
  /** The last finished evaluation's report, null when it ran all in float64. */
  readonly report: Float32Report | null;
}

export const initialPrecision = (): PrecisionState => ({ fastFloat32: false, report: null });
