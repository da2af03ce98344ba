import type { MouseEvent } from 'react';
import { isCompact } from './layout-store';
import { openPanel } from './panels';

const FOCUSABLE = 'input, button:not(:disabled), select, textarea, a[href], [tabindex="0"]';

/** The first of these that is in the page gets focus; a region itself is focusable as a last resort. */
function focusFirst(selectors: readonly string[]): void {
  for (const s of selectors) {
    const el = document.querySelector<HTMLElement>(s);
    if (!el) continue;
    if (!el.matches(FOCUSABLE) && el.tabIndex < 0) el.tabIndex = -1;
    el.focus();
    return;
  }
}

/**
 * Where each skip link goes. The canvas: its selected node, else its first node, so arrow keys
 * move it at once. The palette and inspector open as drawers on a narrow screen (the drawer
 * focuses its first control).
 */
const TARGETS = [
  {
    id: 'canvas',
    label: 'Skip to the canvas',
    go: () => focusFirst(['.react-flow__node.selected', '.react-flow__node', '.canvas']),
  },
  {
    id: 'palette',
    label: 'Skip to the op palette',
    go: () => (isCompact() ? openPanel('palette') : focusFirst(['.palette__item[tabindex="0"]', '.palette__search'])),
  },
  {
    id: 'inspector',
    label: 'Skip to the inspector',
    go: () => (isCompact() ? openPanel('inspector') : focusFirst([`.inspector :is(${FOCUSABLE})`, '.inspector'])),
  },
  {
    id: 'playback',
    label: 'Skip to playback',
    go: () => focusFirst(['.playback button:not(:disabled)', '.playback']),
  },
] as const;

/** Links shown only when focused, first in the page: one Tab and Enter reach each working area. */
export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip links">
      {TARGETS.map((t) => (
        <a
          key={t.id}
          href={`#${t.id}`}
          className="skip-link"
          data-testid={`skip-${t.id}`}
          onClick={(e: MouseEvent) => {
            e.preventDefault();
            t.go();
          }}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
