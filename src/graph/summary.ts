import type { Analysis } from './analyze';
import { SOURCE } from './compile';
import type { NodeProblem } from './problems';
import { kilobytes } from '../format/memory';
import { sizeOf, type Shape } from '../tensor/tensor';

/** One row of the layer table, like torchinfo's summary. */
interface LayerRow {
  readonly id: string;
  readonly label: string;
  readonly op: string;
  readonly shape: Shape | null;
  readonly params: number;
  /** Activation memory in KB: elements × 4 bytes / 1024 (src/format/memory). */
  readonly memoryKB: number | null;
  readonly macs: number;
  readonly problem: NodeProblem | null;
}

export interface LayerSummary {
  readonly rows: readonly LayerRow[];
  readonly totals: { readonly params: number; readonly macs: number; readonly memoryKB: number };
}

/** FLOPs under the two conventions the exams and papers use. */
export type FlopConvention = 'macs' | '2macs';

export const flops = (macs: number, convention: FlopConvention): number => (convention === 'macs' ? macs : 2 * macs);

export const FLOP_CONVENTION_TEXT: Record<FlopConvention, string> = {
  macs: 'FLOPs counted as multiply-adds (MACs)',
  '2macs': 'FLOPs counted as 2 × MACs (a multiply and an add each)',
};

/**
 * The layer table. A trainable input counts as parameters unless it feeds a layer's weight or
 * bias port, where the layer already counts it.
 */
export function summarize(an: Analysis): LayerSummary {
  const { plan } = an;
  const rows = an.nodes.map((r): LayerRow => {
    let params = r.cost?.params ?? 0;
    if (plan.kinds[r.index] === SOURCE && plan.nodes[r.index].params?.trainable === true && r.shape) {
      const feedsLayerParam = plan.consumers[r.index].some(({ node, slot }) => plan.ports[node][slot].param);
      params = feedsLayerParam ? 0 : sizeOf(r.shape);
    }
    return {
      id: r.id,
      label: r.label,
      op: r.op,
      shape: r.shape,
      params,
      memoryKB: r.memoryBytes === null ? null : kilobytes(r.memoryBytes),
      macs: plan.kinds[r.index] === SOURCE ? 0 : (r.cost?.macs ?? 0),
      problem: r.problem,
    };
  });
  const totals = rows.reduce((t, r) => ({ params: t.params + r.params, macs: t.macs + r.macs, memoryKB: t.memoryKB + (r.memoryKB ?? 0) }), {
    params: 0,
    macs: 0,
    memoryKB: 0,
  });
  return { rows, totals };
}
