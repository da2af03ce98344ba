import { SOURCE } from '../../graph/compile';
import type { CompiledFunction } from '../../graph/functions';
import { pyComment } from '../../escape/python';
import { asTensor } from '../../tensor/tensor';
import { torchMapping } from './ops';
import { Names, pyTensor } from './python';

/**
 * The Python name of each function the document defines, taken before any node's so none can
 * shadow one; a name Python reserves (`def`, `print`, `torch`) gets a trailing _ (see Names).
 */
export function functionNames(functions: ReadonlyMap<string, CompiledFunction>, names: Names): ReadonlyMap<string, string> {
  return new Map([...functions.keys()].map((fn) => [fn, names.take(fn)]));
}

/**
 * One Python function per definition, callees before callers (the order the engine compiled them):
 * the body's nodes as local variables in the body's numbering, returning its output.
 * `reserved` are the script's global names, which no local variable may shadow.
 */
export function functionLines(
  functions: ReadonlyMap<string, CompiledFunction>,
  pyNames: ReadonlyMap<string, string>,
  reserved: readonly string[],
): string[] {
  return [...functions.values()].flatMap((fn) => {
    const { plan, def } = fn;
    const local = new Names();
    local.reserve(...reserved, ...pyNames.values());
    // Arguments keep their names; the body's other nodes are named by its own numbering (f2, f3).
    const vars = plan.nodes.map((nd, k) => local.take(fn.args.includes(k) ? nd.id : plan.labels[k]));
    const body = plan.nodes.flatMap((_nd, k) => {
      if (fn.args.includes(k)) return [];
      if (plan.kinds[k] === SOURCE) return [`    ${vars[k]} = ${pyTensor(asTensor(plan.sourceValues[k] ?? 0), false)}`];
      const op = plan.ops[k];
      const args = plan.inputs[k].map((src) => vars[src]);
      const expr =
        op.kind === 'call'
          ? `${pyNames.get(op.fn)}(${args.join(', ')})`
          : torchMapping(op.type)({
              args: Object.fromEntries(op.inputs.map((p, j) => [p.name, args[j]])),
              params: plan.params[k],
              shapes: {},
            });
      return [`    ${vars[k]} = ${expr}`];
    });
    return [
      pyComment(`${def.name}(${def.args.join(', ')}) = ${def.body}`),
      `def ${pyNames.get(def.name)}(${fn.args.map((k) => vars[k]).join(', ')}):`,
      ...body,
      `    return ${vars[plan.output]}`,
      '',
    ];
  });
}
