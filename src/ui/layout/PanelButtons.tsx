import { PathIcon } from '../icons';
import { useEditorState } from '../editor';
import { useCompact, type PanelId } from './layout-store';
import { togglePanel } from './panels';

const BUTTONS: readonly { id: PanelId; label: string; text: string; icon: string }[] = [
  { id: 'palette', label: 'Ops', text: 'Ops', icon: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M16.5 13v7 M13 16.5h7' },
  { id: 'inspector', label: 'Inspector', text: 'Inspect', icon: 'M4 5h16 M4 12h10 M4 19h7 M17 14a3 3 0 1 0 0 .1 M19 17l2.5 2.5' },
  { id: 'menu', label: 'Menu', text: 'Menu', icon: 'M4 6h16 M4 12h16 M4 18h16' },
];

/** On a narrow screen, the buttons that open the palette, the inspector and the command menu. */
export function PanelButtons() {
  const compact = useCompact();
  const open = useEditorState((s) => s.layout.open);
  if (!compact) return null;
  return (
    <nav className="panel-buttons" aria-label="Panels">
      {BUTTONS.map((b) => (
        <button
          key={b.id}
          type="button"
          className="tool panel-buttons__button"
          aria-label={b.label}
          aria-expanded={open === b.id}
          aria-controls={`${b.id}-drawer`}
          aria-haspopup="dialog"
          onClick={() => togglePanel(b.id)}
          data-testid={`open-${b.id}`}
        >
          <PathIcon d={b.icon} size={18} />
          <span className="panel-buttons__text">{b.text}</span>
        </button>
      ))}
    </nav>
  );
}
