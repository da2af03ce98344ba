import type { Analysis } from '../graph/analyze';
import { FAST_F32_MIN_MACS, planMacs } from '../graph/fast-float32';
import { formatCount } from '../format/number';

const sci = (x: number): string => x.toExponential(1);

/** One line saying whether fast float32 mode ran and, if so, the error it measured. */
export function fastFloat32Note(an: Analysis): string {
  const f32 = an.evaluation.float32;
  if (!f32) {
    return `fast float32 mode not used: the graph has ${formatCount(planMacs(an.plan))} multiply-adds, under ${formatCount(FAST_F32_MIN_MACS)}; all float64`;
  }
  return (
    `fast float32 mode: ${f32.products} matrix products (${formatCount(f32.macs)} multiply-adds) in float32; ` +
    `measured error ${sci(f32.sampledError)} of Σ|a·b| (largest over ${f32.products * 8} entries rechecked in float64; bound ${sci(f32.bound)})`
  );
}
