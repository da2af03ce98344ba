import { ELEMENTWISE } from './ops-elementwise';
import { FUNCTIONAL } from './ops-functional';
import { LAYERS } from './ops-layers';
import { INDEX_PORTS, LOSSES } from './ops-losses';
import type { TorchMapping } from './ops-types';

export type { TorchCall, TorchMapping } from './ops-types';
export { INDEX_PORTS };

/** Every op the exporter can write, by type; sources (input, constant) are written by the exporter itself. */
export const TORCH_OPS: Readonly<Record<string, TorchMapping>> = { ...ELEMENTWISE, ...LAYERS, ...FUNCTIONAL, ...LOSSES };

/** Thrown for a document the exporter cannot write: an op without a PyTorch mapping, or a graph with errors. */
export class PyTorchExportError extends Error {
  override readonly name = 'PyTorchExportError';
}

/** The mapping of an op type. @throws PyTorchExportError naming the op when there is none. */
export function torchMapping(type: string): TorchMapping {
  if (!Object.hasOwn(TORCH_OPS, type)) throw new PyTorchExportError(`no PyTorch mapping for op "${type}"`);
  return TORCH_OPS[type];
}
