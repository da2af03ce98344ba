import { formatCount } from '../../format/number';
import { FlopsFact } from './Flops';
import { setDocText } from '../store/edits';
import { nodeIndex } from '../store/flow';
import { FunctionsPanel } from '../functions/FunctionsPanel';
import { NodeInspector } from './NodeInspector';
import { TextField } from './TextField';
import { editor, useEditorState } from '../editor';

function DocumentInspector() {
  const title = useEditorState((s) => s.doc.present.title ?? '');
  const description = useEditorState((s) => s.doc.present.description ?? '');
  const params = useEditorState((s) => s.results.nodes.reduce((t, n) => t + (n.cost?.params ?? 0), 0));
  const macs = useEditorState((s) => s.results.nodes.reduce((t, n) => t + (n.cost?.macs ?? 0), 0));
  return (
    <div className="doc-inspector">
      <h2>Document</h2>
      <TextField label="Title" value={title} onCommit={(t) => editor.commit('Edit title', setDocText('title', t), { key: 'title' })} />
      <TextField
        label="Description"
        multiline
        value={description}
        onCommit={(t) => editor.commit('Edit description', setDocText('description', t), { key: 'description' })}
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
  const selected = useEditorState((s) => s.doc.selectedNodes);
  const node = useEditorState((s) => (s.doc.selectedNodes.length === 1 ? nodeIndex(s.doc.present).get(s.doc.selectedNodes[0]) : undefined));
  const opened = useEditorState((s) => s.doc.opened);
  return (
    <aside className="inspector" aria-label="Inspector">
      {node ? (
        <NodeInspector key={`${opened}:${node.id}`} node={node} />
      ) : selected.length > 1 ? (
        <div>
          <h2>{selected.length} nodes selected</h2>
          <button type="button" className="button button--danger" onClick={() => editor.deleteSelection()}>
            Delete {selected.length} nodes
          </button>
        </div>
      ) : (
        <DocumentInspector key={opened} />
      )}
    </aside>
  );
}
