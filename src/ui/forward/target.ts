import type { Plan } from '../../graph/compile';
import type { TangentTarget } from '../../graph/forward';
import { sizeOf } from '../../tensor/tensor';
import type { TangentAsk } from '../eval/protocol';

/**
 * The node forward mode differentiates with respect to: the chosen one, else the first input;
 * an element only of a tensor and inside it. Null when the graph has no input.
 */
export function tangentTarget(plan: Plan, { target, element }: TangentAsk): TangentTarget | null {
  const first = plan.ids.find((_, k) => plan.ops[k].type === 'input');
  const x = (target !== null ? plan.index.get(target) : undefined) ?? (first !== undefined ? plan.index.get(first) : undefined);
  if (x === undefined) return null;
  const shape = plan.shapes[x] ?? [];
  return { node: x, element: element !== null && element < sizeOf(shape) && shape.length > 0 ? element : undefined };
}
