import { formatCount } from '../../format/number';
import { deleteSelection } from '../actions';
import { useResults } from '../eval/results-store';
import { FlopsFact } from './Flops';
import { useEditor } from '../store/editor';
import { setDocText } from '../store/edits';
import { nodeIndex } from '../store/flow';
import { FunctionsPanel } from '../functions/FunctionsPanel';
import { NodeInspector } from './NodeInspector';
import { TextField } from './TextField';

function DocumentInspector() {
  const title = useEditor((s) => s.present.title ?? '');
  const description = useEditor((s) => s.present.description ?? '');
  const params = useResults((s) => s.nodes.reduce((t, n) => t + (n.cost?.params ?? 0), 0));
  const macs = useResults((s) => s.nodes.reduce((t, n) => t + (n.cost?.macs ?? 0), 0));
  const commit = useEditor.getState().commit;
  return (
    <div className="doc-inspector">
      <h2>Document</h2>
      <TextField label="Title" value={title} onCommit={(t) => commit('Edit title', setDocText('title', t), { key: 'title' })} />
      <TextField
        label="Description"
        multiline
        value={description}
        onCommit={(t) => commit('Edit description', setDocText('description', t), { key: 'description' })}
      />
      <dl className="facts__list">
        <dt>parameters</dt>
        <dd>{formatCount(params)}</dd>
        <FlopsFact macs={macs} />
      </dl>
      <FunctionsPanel />
      <p className="muted">Select a node to edit it. Shift-drag to select several; right-click a node for its menu.</p>
    </div>
  );
}

/** The right-hand panel: the selected node, a multiple selection, or the document. */
export function Inspector() {
  const selected = useEditor((s) => s.selectedNodes);
  const node = useEditor((s) => (s.selectedNodes.length === 1 ? nodeIndex(s.present).get(s.selectedNodes[0]) : undefined));
  const opened = useEditor((s) => s.opened);
  return (
    <aside className="inspector" aria-label="Inspector">
      {node ? (
        <NodeInspector key={`${opened}:${node.id}`} node={node} />
      ) : selected.length > 1 ? (
        <div>
          <h2>{selected.length} nodes selected</h2>
          <button type="button" className="button button--danger" onClick={deleteSelection}>
            Delete {selected.length} nodes
          </button>
        </div>
      ) : (
        <DocumentInspector key={opened} />
      )}
    </aside>
  );
}
