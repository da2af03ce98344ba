import { useEffect, useLayoutEffect, useRef } from 'react';
import { Icon } from '../icons';
import { editor, useEditorState } from '../editor';
import { placeNotices } from './notice-place';

const INFO_MS = 6000;
/** A notice with something to do (Undo) stays long enough to reach its button. */
const ACTION_MS = 15000;

/**
 * Messages in an aria-live region: information fades after a few seconds, an error stays until
 * dismissed and lists the JSON paths and reasons of a document that could not be read.
 */
export function Notices() {
  const notice = useEditorState((s) => s.ui.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => editor.state.ui.notice?.id === notice.id && editor.dismissNotice(), notice.action ? ACTION_MS : INFO_MS);
    return () => clearTimeout(t);
  }, [notice]);
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !notice) return;
    placeNotices(el);
    const again = () => placeNotices(el);
    window.addEventListener('resize', again);
    return () => window.removeEventListener('resize', again);
  }, [notice]);
  return (
    <div ref={ref} className="notices" aria-live="polite" role="status">
      {notice && (
        <div className={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : undefined}>
          {notice.kind === 'error' && <Icon name="warning" size={16} />}
          <div className="notice__body">
            <p>{notice.text}</p>
            {notice.issues && notice.issues.length > 0 && (
              <ul className="issues" aria-label="Problems found">
                {notice.issues.slice(0, 12).map((i, k) => (
                  <li key={k}>
                    <code>{i.path}</code>: {i.message}
                  </li>
                ))}
                {notice.issues.length > 12 && <li>… and {notice.issues.length - 12} more</li>}
              </ul>
            )}
          </div>
          {notice.action && (
            <button
              type="button"
              className="button"
              onClick={() => {
                editor.dismissNotice();
                notice.action?.run();
              }}
            >
              {notice.action.label}
            </button>
          )}
          <button type="button" className="tool" aria-label="Dismiss message" onClick={() => editor.dismissNotice()}>
            <Icon name="close" size={14} />
          </button>
        </div>
      )}
    </div>
  );
}
