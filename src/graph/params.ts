/**
 * A layer's own tensors (a conv's or linear's `weight` and `bias` left unconnected) by name:
 * `<layer id>.<port>`, as `conv1.weight`, the way PyTorch's `named_parameters()` names them. The
 * CLI's output, the expected block and the PyTorch check all use these names. A node id may
 * itself contain a dot: a real node of that id always wins, and such a parameter has no name.
 */
import type { Analysis } from './analyze';
import type { Plan } from './compile';
import type { Shape, Tensor } from '../tensor/tensor';

export interface LayerParam {
  /** `<layer id>.<port>`. */
  readonly name: string;
  /** The layer's plan index. */
  readonly index: number;
  readonly port: string;
  /** The layer's label and the port, as `f3.weight`. */
  readonly label: string;
  readonly shape: Shape;
  readonly value: Tensor | undefined;
  readonly grad: Tensor | undefined;
}

export const paramName = (layer: string, port: string): string => `${layer}.${port}`;

/** The layer and port a name means, or null (no such parameter, or the name is a node's id). */
export function findParam(plan: Plan, name: string): { index: number; port: string } | null {
  if (plan.index.has(name)) return null;
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
    const index = plan.index.get(name.slice(0, dot));
    const port = name.slice(dot + 1);
    if (index !== undefined && plan.implicit[index] && Object.hasOwn(plan.implicit[index], port)) return { index, port };
  }
  return null;
}

/** Every named layer parameter, in numbering order of its layer, ports in the op's order. */
export function layerParams(an: Analysis): LayerParam[] {
  const { plan } = an;
  return an.nodes.flatMap((r) =>
    Object.entries(plan.implicit[r.index] ?? {}).flatMap(([port, imp]) => {
      const name = paramName(r.id, port);
      if (plan.index.has(name)) return [];
      const own = r.owned.find((o) => o.port === port);
      return [{ name, index: r.index, port, label: `${r.label}.${port}`, shape: imp.shape, value: own?.value, grad: own?.grad }];
    }),
  );
}
