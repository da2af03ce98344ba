import type { GraphNode } from '../../graph/schema';
import { nodeOp } from '../../graph/functions';
import { defaultParams } from '../../ops/registry';
import { CallControls } from '../functions/CallControls';
import type { Params } from '../../ops/types';
import { DropoutMask } from './DropoutMask';
import { ExactFacts } from './ExactFacts';
import { problemTextOf } from '../eval/results-store';
import { setParam, setText } from '../store/edits';
import { Icon } from '../icons';
import { opSymbol } from '../ops-search';
import { NodePlots } from '../plots/NodePlots';
import { RunningStats } from '../norms/RunningStats';
import { NodeFacts } from './NodeFacts';
import { ParamEditor } from './ParamEditor';
import { PortInputs } from './PortInputs';
import { TextField } from './TextField';
import { ValueEditor } from './ValueEditor';
import { WindowGeometry } from './WindowGeometry';
import { editor, useEditorState } from '../editor';

/** Everything about one node: its label, value or parameters, and what evaluation found. */
export function NodeInspector({ node }: { node: GraphNode }) {
  const view = useEditorState((s) => s.results.byId.get(node.id));
  const isOutput = useEditorState((s) => s.results.outputId === node.id);
  const problem = useEditorState((s) => problemTextOf(s.results, node.id));
  const functions = useEditorState((s) => s.doc.present.functions);
  const op = nodeOp(node, functions);
  if (!op) return null;
  const params = { ...defaultParams(op), ...node.params } as Params;
  return (
    <div className="node-inspector">
      <div className="node-inspector__head">
        <span className="op-chip op-chip--large" aria-hidden="true">
          {opSymbol(op)}
        </span>
        <div>
          <h2>
            {view?.label ?? node.id} · {op.title}
          </h2>
          <p className="muted">
            id <code>{node.id}</code> · {op.group}
          </p>
        </div>
      </div>
      {problem && (
        <p className="inspector-error" role="note">
          <Icon name="warning" size={14} /> {problem}
        </p>
      )}
      {isOutput ? (
        <p className="output-note">
          <Icon name="output" size={14} /> This node is the output; its gradient is seeded with 1.
        </p>
      ) : (
        <button type="button" className="button" onClick={() => editor.setAsOutput(node.id)}>
          <Icon name="output" size={14} /> Set as output
        </button>
      )}
      <TextField
        label="Label"
        value={node.label ?? ''}
        placeholder={view ? `f${view.index + 1} (automatic)` : 'automatic'}
        onCommit={(t) => editor.commit('Edit label', setText(node.id, 'label', t), { key: `label:${node.id}` })}
      />
      {op.kind === 'source' && (
        <TextField
          label="Variable name"
          value={node.name ?? ''}
          placeholder={node.id}
          onCommit={(t) => editor.commit('Rename', setText(node.id, 'name', t), { key: `name:${node.id}` })}
        />
      )}
      {node.value !== undefined && <ValueEditor id={node.id} value={node.value} />}
      {op.kind === 'call' && <CallControls node={node} />}
      <PortInputs node={node} op={op} />
      {op.params.length > 0 && (
        <fieldset className="params">
          <legend>Parameters</legend>
          {op.params.map((spec) => (
            <ParamEditor
              key={spec.name}
              spec={spec}
              value={params[spec.name]}
              onCommit={(v) =>
                editor.commit(`Set ${spec.label ?? spec.name}`, setParam(node.id, spec.name, v), { key: `param:${node.id}:${spec.name}` })
              }
            />
          ))}
        </fieldset>
      )}
      <WindowGeometry node={node} params={params} />
      <DropoutMask node={node} params={params} />
      <NodePlots id={node.id} op={op} params={params} />
      <NodeFacts view={view} op={op} params={params} />
      {node.op === 'batchNorm' && <RunningStats node={node} />}
      <ExactFacts view={view} />
    </div>
  );
}
