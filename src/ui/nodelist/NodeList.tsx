import { useMemo, useState } from 'react';
import type { NodeView } from '../eval/results';
import { editor, useEditorState } from '../editor';
import { NODE_HALF } from '../editor/Editor';
import { removeItems, setText } from '../store/edits';
import './nodelist.css';

/** Rows drawn at once: a 130,000-node chain is searched, not scrolled. */
export const SHOWN_ROWS = 200;

const matches = (v: NodeView, q: string): boolean =>
  q === '' || [v.label, v.id, v.name, v.op, `f${v.index + 1}`].some((s) => s.toLowerCase().includes(q));

/** Centres the canvas on a node at 100 % and selects it. */
function jumpTo(id: string): void {
  const nd = editor.state.doc.present.nodes.find((n) => n.id === id);
  const pane = document.querySelector('.react-flow');
  if (!nd || !pane) return;
  const zoom = 1;
  editor.requestView({
    x: pane.clientWidth / 2 - (nd.position.x + NODE_HALF.x) * zoom,
    y: pane.clientHeight / 2 - (nd.position.y + NODE_HALF.y) * zoom,
    zoom,
  });
  editor.select([id]);
}

/** Renames an input's variable, or sets another node's label (empty: back to f_i). */
function rename(v: NodeView, text: string): void {
  const field = v.op === 'input' ? 'name' : 'label';
  editor.commit(field === 'name' ? 'Rename' : 'Edit label', setText(v.id, field, text));
}

function Row({ v }: { v: NodeView }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = v.op === 'input' ? v.name : v.label;
  return (
    <li className="node-list__row" data-testid="node-list-row" data-id={v.id}>
      {draft === null ? (
        <button type="button" className="node-list__jump" aria-label={`Jump to ${shown}`} onClick={() => jumpTo(v.id)}>
          <span className="node-list__num">f{v.index + 1}</span> {shown} <span className="muted">{v.op}</span>
        </button>
      ) : (
        <input
          aria-label={`New name for ${shown}`}
          value={draft}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              rename(v, draft);
              setDraft(null);
            } else if (e.key === 'Escape') setDraft(null);
          }}
          onBlur={() => setDraft(null)}
        />
      )}
      <button type="button" className="tool" aria-label={`Rename ${shown}`} onClick={() => setDraft(shown)}>
        Rename
      </button>
      <button
        type="button"
        className="tool"
        aria-label={`Delete ${shown}`}
        onClick={() => editor.commit('Delete', removeItems(new Set([v.id]), new Set()), { select: [] })}
      >
        Delete
      </button>
    </li>
  );
}

/**
 * Every node in numbering order, for graphs larger than the screen: search by label, id, name,
 * op or f-number; jump to a node (centred and selected), rename it, delete it (undo brings it back).
 */
export function NodeList() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const nodes = useEditorState((s) => s.results.nodes);
  const q = query.trim().toLowerCase();
  const found = useMemo(() => nodes.filter((v) => matches(v, q)), [nodes, q]);
  return (
    <>
      <button type="button" className="tool node-list-toggle" aria-pressed={open} onClick={() => setOpen(!open)}>
        Nodes
      </button>
      {open && (
        <section className="node-list" aria-label="Node list">
          <input
            type="search"
            aria-label="Search nodes"
            placeholder="Search nodes…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <p className="muted" data-testid="node-list-count">
            {found.length === nodes.length ? `${nodes.length} nodes` : `${found.length} of ${nodes.length} nodes`}
            {found.length > SHOWN_ROWS ? `; the first ${SHOWN_ROWS} shown, search to narrow` : ''}
          </p>
          <ol className="node-list__rows">
            {found.slice(0, SHOWN_ROWS).map((v) => (
              <Row key={v.id} v={v} />
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
