import { getOp } from '../../ops/registry';
import { num, type Params, type PythonLiterals, type TorchCall } from '../../ops/types';
import { pyFloat, pyInts } from './python';

/** Writes one op applied to its ports as a Python expression over torch. */
export type TorchMapping = (call: TorchCall) => string;

const PY: PythonLiterals = { float: pyFloat, ints: pyInts };

/** Fills a template: `{port}` with the port's expression, `{param}` with the number parameter as a Python float. */
const fill = (template: string, call: TorchCall): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) =>
    Object.hasOwn(call.args, name) ? call.args[name] : PY.float(num(call.params, name)),
  );

/** Thrown for a document the exporter cannot write: an op without a PyTorch mapping, or a graph with errors. */
export class PyTorchExportError extends Error {
  override readonly name = 'PyTorchExportError';
}

/**
 * How an op is written in PyTorch, read from its definition (sources are written by the exporter itself).
 * @throws PyTorchExportError naming the op when it has none.
 */
export function torchMapping(type: string): TorchMapping {
  const form = getOp(type)?.torch;
  if (form === undefined) throw new PyTorchExportError(`no PyTorch mapping for op "${type}"`);
  return typeof form === 'string' ? (call) => fill(form, call) : (call) => form(call, PY);
}

/** Ports torch reads as class indices (a loss's target): it differentiates nothing through them. */
export function indexPorts(type: string, params: Params): readonly string[] {
  const op = getOp(type);
  return op?.kind === 'tensor' ? (op.indexPorts?.(params) ?? []) : [];
}
