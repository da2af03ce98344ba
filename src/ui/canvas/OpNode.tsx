import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeValue } from '../../graph/schema';
import { defaultParams, getOp } from '../../ops/registry';
import type { OpDef, Params } from '../../ops/types';
import { useResults } from '../eval/results-store';
import { fmt, fmtShape } from '../format';
import { useEditor } from '../store/editor';
import { nodeIndex, OUT_HANDLE, type OpFlowNode } from '../store/flow';
import { Icon } from '../toolbar/icons';

const cls = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

/** An op's symbol or summary; a parameter the op cannot read shows as "?" rather than breaking the canvas. */
function safely(f: () => string | undefined): string | undefined {
  try {
    return f();
  } catch {
    return '?';
  }
}

function valueText(v: NodeValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return `= ${fmt(v)}`;
  return 'data' in v ? `∈ ${fmtShape(v.shape)}` : `∈ ${fmtShape(v.shape)} · ${v.init}`;
}

function Ports({ op }: { op: OpDef }) {
  return (
    <div className="op-node__ports">
      {op.inputs.map((p) => (
        <div className="op-node__port" key={p.name}>
          <Handle type="target" position={Position.Left} id={p.name} className="op-handle" aria-label={`input ${p.name}`} />
          <span className={cls('op-node__port-name', p.param && 'op-node__port-name--param')}>{p.name}</span>
        </div>
      ))}
    </div>
  );
}

/**
 * A node on the canvas. It selects only its own document node and result, so an edit elsewhere
 * does not re-render it (React Flow's performance guide).
 */
function OpNodeView({ id }: NodeProps<OpFlowNode>) {
  const node = useEditor((s) => nodeIndex(s.present).get(id));
  const view = useResults((s) => s.byId.get(id));
  const isOutput = useResults((s) => s.outputId === id);
  const op = node && getOp(node.op);
  if (!node || !op) return null;
  const params = { ...defaultParams(op), ...node.params } as Params;
  const source = op.kind === 'source';
  const summary = op.summary && safely(() => op.summary?.(params));
  const error = view?.error ?? null;
  const out = isOutput && typeof view?.value === 'number' ? view.value : undefined;
  return (
    <div className={cls('op-node', source && 'op-node--source', error && 'op-node--invalid', isOutput && 'op-node--output')} data-testid={`node-${id}`}>
      <div className="op-node__head">
        <span className="op-node__label" title="Number in evaluation order">{view?.label ?? node.label ?? '·'}</span>
        <span className="op-node__title">{op.title}</span>
        {isOutput && (
          <span className="op-node__output" title="The output: gradients are taken with respect to it">
            <Icon name="output" size={11} /> output
          </span>
        )}
      </div>
      <div className="op-node__body">
        {op.inputs.length > 0 && <Ports op={op} />}
        <div className="op-node__main">
          {source ? (
            <span className="op-node__var">
              <b>{node.name ?? node.id}</b> {valueText(node.value)}
            </span>
          ) : (
            <span className="op-node__symbol">{safely(() => op.symbol(params))}</span>
          )}
          {summary && <span className="op-node__summary">{summary}</span>}
          {out !== undefined && <span className="op-node__value" title={String(out)}>= {fmt(out)}</span>}
        </div>
      </div>
      {error && (
        <div className="op-node__error" role="note" title={error}>
          <Icon name="warning" size={12} />
          <span>{error}</span>
        </div>
      )}
      <Handle type="source" position={Position.Right} id={OUT_HANDLE} className="op-handle op-handle--out" aria-label="output" />
    </div>
  );
}

export const OpNode = memo(OpNodeView);
