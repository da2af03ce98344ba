import { SOURCE, type Plan } from './compile';
import { sizeOf } from '../tensor/tensor';

/** What one forward-mode sweep over an input costs: one pass per scalar element of it. */
export interface InputSweep {
  /** Plan index of the input. */
  readonly node: number;
  readonly name: string;
  /** Scalar directions: 1 for a number, its element count for a tensor. */
  readonly passes: number;
  /** Chain-rule products of one pass: the edges whose source depends on this input. */
  readonly productsPerPass: number;
}

/**
 * Reverse mode against forward mode for the whole gradient of the output. Operations are counted
 * in scalar multiply-adds: computing the values costs `values` (the ops' multiply-adds, one per
 * scalar op); each edge into an op costs one product per element of the op's output (an
 * elementwise op) or the op's multiply-adds (a tensor op, whose VJP or JVP is about as dear as
 * its forward). Forward mode carries the values along in every pass and skips edges whose source
 * does not depend on the pass's input (their tangent is exactly zero), as the engine does.
 */
export interface ModeCosts {
  readonly values: number;
  readonly reverse: { readonly passes: 2; readonly products: number; readonly operations: number };
  readonly forward: { readonly passes: number; readonly products: number; readonly operations: number };
  readonly inputs: readonly InputSweep[];
}

/** The passes and operations each mode needs for d output / d (every input) on this plan; null without an output. */
export function modeCosts(plan: Plan): ModeCosts | null {
  const { n, kinds, inputs, reaches, output, shapes, costs } = plan;
  if (output < 0) return null;
  const edgeCost = (k: number): number => {
    if (plan.ops[k].kind === 'tensor') return costs[k]?.macs ?? 0;
    const s = shapes[k];
    return s ? sizeOf(s) : 1;
  };
  let values = 0;
  let products = 0;
  for (let k = 0; k <= output; k++) {
    if (kinds[k] === SOURCE || !reaches[k]) continue;
    values += costs[k]?.macs ?? 0;
    products += inputs[k].filter((s) => s >= 0).length * edgeCost(k);
  }
  const sweeps: InputSweep[] = [];
  const depends = new Uint8Array(n);
  for (let x = 0; x < n; x++) {
    if (plan.ops[x].type !== 'input' || !reaches[x]) continue;
    depends.fill(0);
    depends[x] = 1;
    let perPass = 0;
    for (let k = x + 1; k <= output; k++) {
      if (kinds[k] === SOURCE || !reaches[k]) continue;
      const live = inputs[k].filter((s) => s >= 0 && depends[s]).length;
      if (live === 0) continue;
      depends[k] = 1;
      perPass += live * edgeCost(k);
    }
    const s = shapes[x];
    sweeps.push({ node: x, name: plan.nodes[x].name ?? plan.ids[x], passes: s ? sizeOf(s) : 1, productsPerPass: perPass });
  }
  const passes = sweeps.reduce((a, s) => a + s.passes, 0);
  const fwdProducts = sweeps.reduce((a, s) => a + s.passes * s.productsPerPass, 0);
  return {
    values,
    reverse: { passes: 2, products, operations: values + products },
    forward: { passes, products: fwdProducts, operations: passes * values + fwdProducts },
    inputs: sweeps,
  };
}
