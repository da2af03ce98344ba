import { useId } from 'react';
import type { GraphNode } from '../../graph/schema';
import { nodePorts } from '../../ops/registry';
import type { OpDef } from '../../ops/types';
import { removeItems } from '../store/edits';
import { edgeKey } from '../store/flow';
import { editor, useEditorState } from '../editor';
import { PortConstantField } from '../ports/PortConstantField';

const NONE = '';

function PortSelect({ node, port, param }: { node: GraphNode; port: string; param: boolean }) {
  const id = useId();
  const source = useEditorState((s) => s.doc.present.edges.find((e) => e.target === node.id && e.port === port)?.source ?? NONE);
  const candidates = useEditorState((s) => s.results.nodes);
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
                {c.label} · {c.op === 'input' || c.op === 'constant' ? c.name : c.op}
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
  if (op.inputs.length === 0) return null;
  return (
    <fieldset className="ports">
      <legend>Inputs</legend>
      {nodePorts(node).map((p) => (
        <PortSelect key={p.name} node={node} port={p.name} param={p.param === true} />
      ))}
    </fieldset>
  );
}
