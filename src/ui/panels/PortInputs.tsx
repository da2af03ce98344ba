import { useId } from 'react';
import type { GraphNode } from '../../graph/schema';
import { getOp, nodePorts } from '../../ops/registry';
import type { OpDef } from '../../ops/types';
import { removeItems } from '../store/edits';
import type { NodeView } from '../eval/results';
import { edgeKey, nodeIndex } from '../store/flow';
import { editor, useEditorState } from '../editor';
import { PortConstantField } from '../ports/PortConstantField';

const NONE = '';

/**
 * How a source is named in the list: by what the user called it (an input's name, a node's label,
 * else its id), which wiring does not change, then what it is; its f number, which renumbers as
 * the graph is wired, comes last as a hint.
 */
function sourceName(c: NodeView, own: GraphNode | undefined): string {
  const kind = c.op === 'input' || c.op === 'constant' ? c.op : (getOp(c.op)?.title ?? c.op);
  const name = c.op === 'input' || c.op === 'constant' ? c.name : (own?.label ?? c.id);
  return `${name} · ${kind} (${c.label})`;
}

function PortSelect({ node, port, param }: { node: GraphNode; port: string; param: boolean }) {
  const id = useId();
  const source = useEditorState((s) => s.doc.present.edges.find((e) => e.target === node.id && e.port === port)?.source ?? NONE);
  const candidates = useEditorState((s) => s.results.nodes);
  const docNodes = useEditorState((s) => nodeIndex(s.doc.present));
  const onChange = (value: string) => {
    if (value === NONE) {
      editor.commit(`Disconnect ${port}`, removeItems(new Set(), new Set([edgeKey({ source, target: node.id, port })])));
    } else {
      editor.connect({ source: value, target: node.id, sourceHandle: 'out', targetHandle: port }, true);
    }
  };
  return (
    <>
      <div className="field field--inline">
        <label htmlFor={id}>
          <span className="port-tag">{port}</span>
        </label>
        <select id={id} className="field__input" value={source} onChange={(e) => onChange(e.target.value)}>
          <option value={NONE}>{param ? 'own tensor' : 'not connected'}</option>
          {candidates
            .filter((c) => c.id !== node.id)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {sourceName(c, docNodes.get(c.id))}
              </option>
            ))}
        </select>
      </div>
      {source === NONE && !param && <PortConstantField node={node.id} port={port} />}
    </>
  );
}

/** What feeds each input port, as lists: wiring without a mouse, checked like a drawn edge. */
export function PortInputs({ node, op }: { node: GraphNode; op: OpDef }) {
  const wired = useEditorState((s) =>
    s.doc.present.edges
      .filter((e) => e.target === node.id)
      .map((e) => e.port)
      .join('\n'),
  );
  if (op.inputs.length === 0) return null;
  // A layer's own tensor switched off (a conv with bias false) has no input to pick, unless one is
  // still wired there: then the list stays, so the edge the error names can be removed.
  const ports = nodePorts(node).filter((p) => !(p.param && node.params?.[p.name] === false && !wired.split('\n').includes(p.name)));
  return (
    <fieldset className="ports">
      <legend>Inputs</legend>
      {ports.map((p) => (
        <PortSelect key={p.name} node={node} port={p.name} param={p.param === true} />
      ))}
    </fieldset>
  );
}
