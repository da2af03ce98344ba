import { useReactFlow } from '@xyflow/react';
import { useId, useMemo, useState } from 'react';
import { opSymbol, searchOps } from '../ops-search';
import { focusNodeWhenDrawn } from './placement';
import { editor, useEditorState } from '../editor';

const MAX = 12;

/** The quick-add search: type to filter ops, arrows to choose, Enter to add at the point it opened. */
export function QuickAdd() {
  const at = useEditorState((s) => s.ui.quickAdd);
  return at ? <QuickAddBox key={`${at.x},${at.y}`} x={at.x} y={at.y} /> : null;
}

function QuickAddBox({ x, y }: { x: number; y: number }) {
  const flow = useReactFlow();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => searchOps(query).slice(0, MAX), [query]);
  const listId = useId();
  const close = () => editor.set('ui', { quickAdd: null });
  const choose = (type: string) => {
    close();
    focusNodeWhenDrawn(editor.addNode(type, flow.screenToFlowPosition({ x, y })));
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter' && results[active]) choose(results[active].type);
    else return;
    e.preventDefault();
  };
  const left = Math.min(x, window.innerWidth - 300);
  const top = Math.min(y, window.innerHeight - 360);
  return (
    <div className="quick-add" role="dialog" aria-label="Add a node" style={{ left, top }} onKeyDown={onKeyDown}>
      <input
        autoFocus
        className="quick-add__input"
        placeholder="Search ops…"
        aria-label="Search ops to add"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={results[active] ? `${listId}-${results[active].type}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onBlur={close}
      />
      <ul className="quick-add__list" role="listbox" id={listId} aria-label="Ops">
        {results.map((op, i) => (
          <li
            key={op.type}
            id={`${listId}-${op.type}`}
            role="option"
            aria-selected={i === active}
            className="quick-add__item"
            onMouseDown={(e) => {
              e.preventDefault();
              choose(op.type);
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="op-chip">{opSymbol(op)}</span>
            <span>{op.title}</span>
            <span className="quick-add__group">{op.group}</span>
          </li>
        ))}
        {results.length === 0 && <li className="quick-add__empty">No op matches “{query}”.</li>}
      </ul>
    </div>
  );
}
