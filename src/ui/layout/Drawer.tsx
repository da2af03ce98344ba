import './layout.css';
import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from '../icons';
import { useEditorState } from '../editor';
import { useCompact, type PanelId } from './layout-store';
import { closePanel } from './panels';

const FOCUSABLE = 'input, button:not(:disabled), select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * A side panel that, on a narrow screen, slides in over the canvas as a dialog: focus moves into
 * it when it opens and back to its opener when it closes; Escape or a tap outside closes it. On a
 * wide screen it is invisible to layout (`display: contents`) and the panel keeps its grid cell.
 */
export function Drawer({
  id,
  side,
  label,
  closeOn,
  children,
}: {
  id: PanelId;
  side: 'left' | 'right';
  label: string;
  /** Clicks on elements matching this selector close the drawer: a placed op, a run command. */
  closeOn?: string;
  children: ReactNode;
}) {
  const compact = useCompact();
  const open = useEditorState((s) => s.layout.open === id);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!compact || !open) return;
    const first = ref.current?.querySelector<HTMLElement>(`.drawer__body :is(${FOCUSABLE})`) ?? ref.current?.querySelector('button');
    first?.focus();
  }, [compact, open]);
  if (!compact) return <div className="drawer-slot">{children}</div>;
  return (
    <>
      {open && <div className="drawer-scrim" aria-hidden="true" onClick={closePanel} />}
      <div
        ref={ref}
        id={`${id}-drawer`}
        className={`drawer drawer--${side}${open ? ' drawer--open' : ''}`}
        role="dialog"
        aria-label={label}
        aria-hidden={!open}
        inert={!open}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          closePanel();
        }}
      >
        <div className="drawer__bar">
          <span className="drawer__title">{label}</span>
          <button type="button" className="tool" aria-label={`Close the ${label.toLowerCase()}`} onClick={closePanel}>
            <Icon name="close" size={16} />
          </button>
        </div>
        <div
          className="drawer__body"
          onClick={(e) => {
            if (closeOn && e.target instanceof Element && e.target.closest(closeOn)) closePanel();
          }}
        >
          {children}
        </div>
      </div>
    </>
  );
}
