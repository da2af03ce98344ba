import { useReactFlow } from '@xyflow/react';
import { useId, useMemo, useState } from 'react';
import type { OpDef } from '../../ops/types';
import { canvasScreenPoint } from '../canvas/geometry';
import { groupOps, OP_MIME, opSymbol, searchOps } from '../ops-search';
import { editor } from '../editor';

function PaletteItem({ op, onAdd }: { op: OpDef; onAdd: (type: string) => void }) {
  return (
    <li>
      <button
        type="button"
        className="palette__item"
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(OP_MIME, op.type);
          e.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => onAdd(op.type)}
        title={`${op.title}: drag onto the canvas, or press Enter to add it at the centre`}
        data-op={op.type}
      >
        <span className="op-chip" aria-hidden="true">
          {opSymbol(op)}
        </span>
        <span className="palette__title">{op.title}</span>
      </button>
    </li>
  );
}

/** Every op, grouped, with a search box. Items are buttons: drag them, or click / Enter to add. */
export function Palette() {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupOps(searchOps(query)), [query]);
  const flow = useReactFlow();
  const id = useId();
  // Clicked or Enter: the node goes to the centre of the view.
  const onAdd = (type: string) => editor.addNode(type, flow.screenToFlowPosition(canvasScreenPoint(0.5, 0.5)));
  return (
    <aside className="palette" aria-label="Op palette">
      <div className="panel-head">
        <h2>Ops</h2>
      </div>
      <input
        type="search"
        className="palette__search"
        placeholder="Search ops…"
        aria-label="Search ops"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="palette__groups">
        {groups.map(({ group, ops }) => (
          <section key={group} className="palette__group" aria-labelledby={`${id}-${group}`}>
            <h3 id={`${id}-${group}`}>
              {group} <span className="palette__count">{ops.length}</span>
            </h3>
            <ul>
              {ops.map((op) => (
                <PaletteItem key={op.type} op={op} onAdd={onAdd} />
              ))}
            </ul>
          </section>
        ))}
        {groups.length === 0 && <p className="palette__empty">No op matches “{query}”.</p>}
      </div>
    </aside>
  );
}
