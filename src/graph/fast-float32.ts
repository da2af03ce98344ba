import type { Plan } from './compile';

/**
 * Fast float32 mode applies only to graphs of at least this many multiply-adds (forward). No exam
 * example with a value answer comes near it (the largest, P8's parameter counts, has 1.1·10⁸, P6's
 * AlexNet conv1 7.3·10⁷); only P9's VGG (5.9·10⁹), whose answers are shapes and costs, passes it.
 */
export const FAST_F32_MIN_MACS = 1e9;

/** The graph's forward multiply-adds, as the cost column counts them. */
export const planMacs = (plan: Plan): number => plan.costs.reduce((sum, c) => sum + (c?.macs ?? 0), 0);

/** Whether fast float32 mode, when asked for, changes how this graph is computed. */
export const fastFloat32Applies = (plan: Plan): boolean => planMacs(plan) >= FAST_F32_MIN_MACS;
