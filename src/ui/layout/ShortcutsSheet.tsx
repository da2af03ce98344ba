import { COMMANDS } from '../commands';
import { useDialogFocus } from '../exam/useDialogFocus';
import { Icon } from '../icons';
import { keyLabel } from '../keyboard';
import { useEditorState } from '../editor';
import { setShortcutsOpen } from './panels';
import { startTour } from '../welcome/tour';
import { startClassSession } from '../classroom/actions';

/** What the pointer and fingers do on the canvas: these have no command, so they are listed here. */
const GESTURES: readonly [string, string][] = [
  ['Arrow keys on a focused node (Shift: 4× as far); playback steps with , and . there', 'Move a node'],
  ['Tab first in the page: skip links to the canvas, palette, inspector and playback', 'Reach an area'],
  ['Drag the canvas, or two fingers', 'Pan'],
  ['Wheel, or pinch', 'Zoom'],
  ['Double-click the canvas', 'Add a node there'],
  ['Drag from a handle to a handle, or tap one then the other', 'Connect'],
  ['Right-click a node, or long-press it', 'Node menu'],
  ['Shift-drag', 'Select several'],
  ['Tap an edge label', 'Its full value'],
];

function Sheet() {
  const close = () => setShortcutsOpen(false);
  const { ref, onKeyDown } = useDialogFocus(close);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div ref={ref} className="dialog shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onKeyDown={onKeyDown}>
        <div className="dialog__head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button
            type="button"
            className="button shortcuts__tour"
            onClick={() => {
              close();
              void startTour();
            }}
          >
            Take the tour
          </button>
          <button
            type="button"
            className="button shortcuts__tour"
            onClick={() => {
              close();
              void startClassSession();
            }}
          >
            Start class session
          </button>
          <button type="button" className="tool" aria-label="Close keyboard shortcuts" onClick={close} data-autofocus>
            <Icon name="close" />
          </button>
        </div>
        <div className="shortcuts__body" tabIndex={0} role="region" aria-label="All shortcuts">
          <table className="shortcuts__table">
            <caption>Keys</caption>
            <tbody>
              {COMMANDS.filter((c) => c.keys?.length).map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.label}</th>
                  <td>
                    {c.keys?.map((k) => (
                      <kbd key={k}>{keyLabel(k)}</kbd>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="shortcuts__table">
            <caption>Pointer, touch and focus</caption>
            <tbody>
              {GESTURES.map(([how, what]) => (
                <tr key={what}>
                  <th scope="row">{what}</th>
                  <td>{how}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

/** The shortcuts sheet, opened with `?`: every command's keys, read from the one command list. */
export function ShortcutsSheet() {
  const open = useEditorState((s) => s.layout.shortcuts);
  return open ? <Sheet /> : null;
}
