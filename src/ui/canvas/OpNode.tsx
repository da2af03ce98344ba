import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatLabel } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { NodeValue } from '../../graph/schema';
import { nodeOp } from '../../graph/functions';
import { defaultParams } from '../../ops/registry';
import { portsOf, type Params, type PortSpec } from '../../ops/types';
import { currentMark, isHidden } from '../playback/store';
import { nodeIndex, OUT_HANDLE, type OpFlowNode } from '../store/flow';
import { Icon } from '../icons';
import { NodeHeatmaps } from './NodeHeatmaps';
import { ErrorNote } from './ErrorNote';
import { expandedView } from '../functions/expanded-view';
import { NodeLabel } from '../notation/NodeLabel';
import { useEditorState } from '../editor';

const cls = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

/** An op's symbol or summary; a parameter the op cannot read shows as "?" rather than breaking the canvas. */
function safely(f: () => string | undefined): string | undefined {
  try {
    return f();
  } catch {
    return '?';
  }
}

/** An input's face: "x = 2" for a number; the name over its shape for a tensor (the rest is in the inspector). */
function SourceFace({ name, value }: { name: string; value: NodeValue | undefined }) {
  if (typeof value === 'number' || value === undefined) {
    return (
      <span className="op-node__var">
        <b>{name}</b> = {value === undefined ? '—' : formatLabel(value)}
      </span>
    );
  }
  return (
    <>
      <span className="op-node__var">
        <b>{name}</b>
      </span>
      <span
        className="op-node__summary"
        title={'init' in value ? `${value.init}, seed ${value.seed ?? 0}` : `${value.data.length} numbers`}
      >
        {formatShape(value.shape)}
      </span>
    </>
  );
}

/** Input ports, each with its name, and the number typed into it (a constant without a node) if any. */
function Ports({ ports, constants }: { ports: readonly PortSpec[]; constants: Readonly<Record<string, number>> | undefined }) {
  return (
    <div className="op-node__ports">
      {ports.map((p) => (
        <div className="op-node__port" key={p.name}>
          <Handle type="target" position={Position.Left} id={p.name} className="op-handle" title={`input ${p.name}`} />
          <span className={cls('op-node__port-name', p.param && 'op-node__port-name--param')}>{p.name}</span>
          {constants?.[p.name] !== undefined && (
            <span className="op-node__port-constant" data-testid={`port-constant-${p.name}`} title={String(constants[p.name])}>
              {formatLabel(constants[p.name])}
            </span>
          )}
        </div>
      ))}
    </div>
  );
}

/** The output's value on its face; in playback "= ?" until computed, in a box already the value's size. */
function OutputValue({ value, hidden }: { value: number; hidden: boolean }) {
  if (!hidden)
    return (
      <span className="op-node__value" title={String(value)}>
        = {formatLabel(value)}
      </span>
    );
  return (
    <span className="op-node__value op-node__value--hidden" data-ghost={`= ${formatLabel(value)}`}>
      <span>= ?</span>
    </span>
  );
}

/** Which node the step being played computes, in words as well as by its outline. */
function StepBadge({ mark, name }: { mark: 'forward' | 'backward'; name: string }) {
  return (
    <span className={`op-node__step op-node__step--${mark}`}>{mark === 'forward' ? `▶ forward: ${name}` : `◀ backward: ${name}`}</span>
  );
}

/**
 * A node on the canvas. It selects only its own document node and result, so an edit elsewhere
 * does not re-render it (React Flow's performance guide).
 */
function OpNodeView({ id }: NodeProps<OpFlowNode>) {
  const node = useEditorState((s) => nodeIndex(s.doc.present).get(id) ?? expandedView(s.doc.present)?.inner.get(id)?.node);
  // A node of an expanded call's body: a view of the definition, which the function panel edits.
  const bodyOf = useEditorState((s) => expandedView(s.doc.present)?.inner.get(id)?.fn);
  // Narrow selectors: a value changing elsewhere in the graph does not re-render this node.
  const label = useEditorState((s) => s.results.byId.get(id)?.label);
  const index = useEditorState((s) => s.results.byId.get(id)?.index);
  const error = useEditorState((s) => Boolean(s.results.byId.get(id)?.problem));
  const isOutput = useEditorState((s) => s.results.outputId === id);
  const outValue = useEditorState((s) => (s.results.outputId === id ? s.results.byId.get(id)?.value : undefined));
  const tensor = useEditorState((s) => (s.results.byId.get(id)?.shape?.length ?? 0) > 0);
  const mark = useEditorState((s) => currentMark(s.playback, id));
  const outHidden = useEditorState((s) => isOutput && isHidden(s.playback, id, 'f'));
  const functions = useEditorState((s) => s.doc.present.functions);
  const op = node && nodeOp(node, functions);
  if (!node || !op) return null;
  const params = { ...defaultParams(op), ...node.params } as Params;
  const source = op.kind === 'source';
  const summary = op.summary && safely(() => op.summary?.(params));
  const out = typeof outValue === 'number' ? outValue : undefined;
  return (
    <div
      className={cls(
        'op-node',
        source && 'op-node--source',
        error && 'op-node--invalid',
        isOutput && 'op-node--output',
        mark && `op-node--current op-node--${mark}`,
        bodyOf !== undefined && 'op-node--inner',
      )}
      data-testid={`node-${id}`}
      title={`${op.title}${isOutput ? ' (the output)' : ''}${bodyOf !== undefined ? ` in the body of ${bodyOf}: read-only; edit ${bodyOf} in the Functions panel` : ''}`}
      aria-current={mark ? 'step' : undefined}
    >
      {mark && <StepBadge mark={mark} name={mark === 'forward' ? (label ?? id) : `b${(index ?? 0) + 1}`} />}
      <div className="op-node__top">
        <NodeLabel text={label ?? node.label ?? '·'} />
        <span className="sr-only">{op.title}</span>
        {isOutput && (
          <span className="op-node__output">
            <Icon name="output" size={11} /> out
          </span>
        )}
      </div>
      <div className="op-node__body">
        {op.inputs.length > 0 && <Ports ports={portsOf(op, params)} constants={node.constants} />}
        <div className="op-node__main">
          {source ? (
            <SourceFace name={node.name ?? node.id} value={node.value} />
          ) : (
            <span className="op-node__symbol">{safely(() => op.symbol(params))}</span>
          )}
          {summary && <span className="op-node__summary">{summary}</span>}
          {out !== undefined && <OutputValue value={out} hidden={outHidden} />}
        </div>
      </div>
      {tensor && <NodeHeatmaps id={id} />}
      {error && <ErrorNote id={id} />}
      <Handle type="source" position={Position.Right} id={OUT_HANDLE} className="op-handle op-handle--out" title="output" />
    </div>
  );
}

export const OpNode = memo(OpNodeView);
