import { useReactFlow } from '@xyflow/react';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { OpDef } from '../../ops/types';
import { canvasScreenPoint, visibleFlowRect } from '../canvas/geometry';
import { focusNodeWhenDrawn, placeBeside } from '../canvas/placement';
import { groupOps, OP_MIME, opSymbol, searchOps } from '../ops-search';
import { editor } from '../editor';

function PaletteItem({ op, onAdd, current }: { op: OpDef; onAdd: (type: string, keyboard: boolean) => void; current: boolean }) {
  return (
    <li>
      <button
        type="button"
        className="palette__item"
        tabIndex={current ? 0 : -1}
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(OP_MIME, op.type);
          e.dataTransfer.effectAllowed = 'copy';
        }}
        // A click from Enter or Space has no pointer presses (detail 0).
        onClick={(e) => onAdd(op.type, e.detail === 0)}
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

const ROVING_KEYS: Record<string, (i: number, n: number) => number> = {
  ArrowDown: (i, n) => Math.min(i + 1, n - 1),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * Roving focus: the items are one Tab stop (the last one used), and the arrow keys, Home and
 * End move between them, so Tab leaves the palette in one press instead of one per op.
 */
function onItemsKeyDown(e: KeyboardEvent<HTMLElement>, setCurrent: (type: string) => void): void {
  const move = ROVING_KEYS[e.key];
  if (!move || !(e.target instanceof HTMLElement)) return;
  const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('.palette__item')];
  const next = items[move(items.indexOf(e.target as HTMLButtonElement), items.length)];
  if (!next) return;
  e.preventDefault();
  setCurrent(next.dataset.op ?? '');
  next.focus();
}

/** Every op, grouped, with a search box. Items are buttons: drag them, or click / Enter to add. */
export function Palette() {
  const [query, setQuery] = useState('');
  const [chosen, setCurrent] = useState<string | null>(null);
  const groups = useMemo(() => groupOps(searchOps(query)), [query]);
  const shown = groups.flatMap((g) => g.ops.map((op) => op.type));
  const current = chosen !== null && shown.includes(chosen) ? chosen : shown[0];
  const flow = useReactFlow();
  const id = useId();
  // Clicked or tapped: the node goes to the centre of the view. From the keyboard: beside the
  // selection, where the user is working, and it takes focus. Either way clear of other nodes.
  const onAdd = (type: string, keyboard: boolean) => {
    const { flowNodes, selectedNodes } = editor.state.doc;
    const centre = flow.screenToFlowPosition(canvasScreenPoint(0.5, 0.5));
    const view = visibleFlowRect(flow.screenToFlowPosition);
    const id = editor.addNode(type, placeBeside(flowNodes, keyboard ? selectedNodes : [], centre, view));
    if (keyboard) focusNodeWhenDrawn(id);
  };
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
      <div className="palette__groups" onKeyDown={(e) => onItemsKeyDown(e, setCurrent)}>
        {groups.map(({ group, ops }) => (
          <section key={group} className="palette__group" aria-labelledby={`${id}-${group}`}>
            <h3 id={`${id}-${group}`}>
              {group} <span className="palette__count">{ops.length}</span>
            </h3>
            <ul>
              {ops.map((op) => (
                <PaletteItem key={op.type} op={op} onAdd={onAdd} current={op.type === current} />
              ))}
            </ul>
          </section>
        ))}
        {groups.length === 0 && <p className="palette__empty">No op matches “{query}”.</p>}
      </div>
    </aside>
  );
}
