import type { Params } from '../../ops/types';
import type { Shape } from '../../tensor/tensor';

/** What a mapping is given: Python expressions for the node's ports and the shapes the plan inferred. */
export interface TorchCall {
  /**
   * A Python expression per port: the variable of the node wired to it, or of the tensor the node
   * owns (an unconnected weight or bias). Ports with neither (a layer without bias) are absent.
   */
  readonly args: Readonly<Record<string, string>>;
  /** The node's parameters, defaults filled in. */
  readonly params: Params;
  /** Static shapes of the ports; empty for all-scalar elementwise nodes. */
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** Writes one op applied to its ports as a Python expression over torch. */
export type TorchMapping = (call: TorchCall) => string;
