import type { GraphDocument, GraphNode } from '../../graph/schema';
import type { NodeView, WireTensor, WireValue } from '../eval/results';
import { freshId } from '../store/edits';
import type { Recipe } from '../store/history';

/** Batch norm's two buffers, the ports that read them, and the start values PyTorch gives them. */
export const RUNNING_PORTS = [
  { port: 'runningMean', name: 'mean', start: 0 },
  { port: 'runningVar', name: 'var', start: 1 },
] as const;

export type RunningPort = (typeof RUNNING_PORTS)[number]['port'];

/** A batch norm node's running statistics: those its pass read, and (training mode) those it wrote. */
export interface RunningStats {
  readonly mode: 'train' | 'eval';
  readonly momentum: number;
  /** Per channel; null before the node has a shape. */
  readonly current: Readonly<Record<RunningPort, Float64Array>> | null;
  /** After this pass (training mode only): what "Apply" writes into the document. */
  readonly updated: Readonly<Record<RunningPort, WireTensor>> | null;
  /** Which ports are fed by a node of the document rather than PyTorch's start values. */
  readonly connected: Readonly<Record<RunningPort, boolean>>;
}

const isTensor = (v: WireValue | undefined): v is WireTensor => typeof v === 'object';

function feeder(doc: GraphDocument, id: string, port: string): string | undefined {
  return doc.edges.find((e) => e.target === id && e.port === port)?.source;
}

/**
 * The running statistics of batch norm node `node` under evaluation results `byId`. A port left
 * unconnected reads PyTorch's start buffers (mean 0, variance 1), as the op does.
 */
export function runningStatsOf(doc: GraphDocument, node: GraphNode, byId: ReadonlyMap<string, NodeView>): RunningStats {
  const view = byId.get(node.id);
  const channels = view?.shape && view.shape.length >= 2 ? view.shape[1] : null;
  const read = (port: RunningPort, start: number): Float64Array | null => {
    const src = feeder(doc, node.id, port);
    if (src === undefined) return channels === null ? null : new Float64Array(channels).fill(start);
    const v = byId.get(src)?.value;
    return isTensor(v) ? v.data : null;
  };
  const mean = read('runningMean', 0);
  const variance = read('runningVar', 1);
  const state = view?.state;
  const momentum = node.params?.momentum;
  return {
    mode: node.params?.mode === 'eval' ? 'eval' : 'train',
    momentum: typeof momentum === 'number' ? momentum : 0.1,
    current: mean && variance ? { runningMean: mean, runningVar: variance } : null,
    updated: state?.runningMean && state.runningVar ? { runningMean: state.runningMean, runningVar: state.runningVar } : null,
    connected: {
      runningMean: feeder(doc, node.id, 'runningMean') !== undefined,
      runningVar: feeder(doc, node.id, 'runningVar') !== undefined,
    },
  };
}

/**
 * Writes batch norm `id`'s updated running statistics into the document, so the next pass reads
 * them: into the constant or input that feeds the port when it feeds nothing else, otherwise into
 * a new constant connected to the port (the old feeder stays, unconnected from it, so nothing the
 * user made is lost). Applying after every training-mode pass repeats PyTorch's buffer updates;
 * switching the node to eval mode then normalises with them.
 */
export const applyRunningStats =
  (id: string, updated: Readonly<Record<RunningPort, WireTensor>>): Recipe<GraphDocument> =>
  (d) => {
    const bn = d.nodes.find((n) => n.id === id);
    if (!bn) return;
    RUNNING_PORTS.forEach(({ port, name }, row) => {
      const t = updated[port];
      const value = { shape: [...t.shape], data: Array.from(t.data) };
      const src = d.edges.find((e) => e.target === id && e.port === port)?.source;
      const own = src === undefined ? undefined : d.nodes.find((n) => n.id === src);
      const sole = own !== undefined && d.edges.filter((e) => e.source === own.id).length === 1;
      if (own && sole && (own.op === 'constant' || own.op === 'input')) {
        own.value = value;
        return;
      }
      const taken = new Set(d.nodes.map((n) => n.id));
      const base = `${id}_${name}`;
      const nodeId = taken.has(base) ? freshId(taken, base) : base;
      // Below the node, clear of the layers to its left and right.
      const at = bn.position;
      d.nodes.push({ id: nodeId, op: 'constant', position: { x: at.x, y: at.y + 180 + 70 * row }, value });
      d.edges = d.edges.filter((e) => !(e.target === id && e.port === port));
      d.edges.push({ source: nodeId, target: id, port });
    });
  };
