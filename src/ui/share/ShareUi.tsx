import { useEffect, useRef } from 'react';
import { useDialogFocus } from '../exam/useDialogFocus';
import { Icon } from '../icons';
import { openEntry } from '../library/documents';
import { type ShareState } from './share-state';
import { editor, useEditorState } from '../editor';
import './share.css';

const closeLink = () => editor.set('share', { fallbackLink: null });

/** The link in a read-only field, selected, for when the clipboard is not available. */
function LinkDialog({ link }: { link: string }) {
  const { ref, onKeyDown } = useDialogFocus(closeLink);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.select(), []);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeLink()}>
      <div
        ref={ref}
        className="dialog share-link"
        role="dialog"
        aria-modal="true"
        tabIndex={-1}
        aria-labelledby="share-link-title"
        onKeyDown={onKeyDown}
      >
        <div className="dialog__head">
          <h2 id="share-link-title">Link to this graph</h2>
          <button type="button" className="tool" aria-label="Close" onClick={closeLink}>
            <Icon name="close" />
          </button>
        </div>
        <div className="share-link__body">
          <label htmlFor="share-link-field">Copy this link (Ctrl+C) and send it: it holds the whole graph.</label>
          <input
            id="share-link-field"
            ref={field}
            className="field__input"
            readOnly
            value={link}
            data-autofocus
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      </div>
    </div>
  );
}

/** After a shared link opened as a new document: what happened, and the way back. */
function OpenedBanner({ title, previous }: NonNullable<ShareState['opened']>) {
  const dismiss = () => editor.set('share', { opened: null });
  return (
    <section className="share-banner" aria-label="Shared link">
      <Icon name="link" size={16} />
      <p>
        Opened the shared graph “{title}”
        {previous ? ' as a new document in My documents; your own documents are unchanged.' : '. Undo goes back to what was open before.'}
      </p>
      {previous && (
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            dismiss();
            void openEntry(previous.id);
          }}
        >
          <span className="share-banner__back">Back to “{previous.title}”</span>
        </button>
      )}
      {previous && (
        <button type="button" className="button" onClick={() => editor.set('library', { panelOpen: true })}>
          My documents
        </button>
      )}
      <button type="button" className="tool" aria-label="Dismiss" onClick={dismiss}>
        <Icon name="close" size={14} />
      </button>
    </section>
  );
}

/** The sharing UI of the editor: the copy-by-hand dialog and the banner after opening a link. */
export function ShareUi() {
  const link = useEditorState((s) => s.share.fallbackLink);
  const opened = useEditorState((s) => s.share.opened);
  return (
    <>
      {opened && <OpenedBanner title={opened.title} previous={opened.previous} />}
      {link && <LinkDialog link={link} />}
    </>
  );
}
