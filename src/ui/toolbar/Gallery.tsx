import { useEffect, useRef, useState } from 'react';
import { formatIssues } from '../../graph/load';
import { loadExamples, type Example } from '../examples';
import { openAsNew } from '../library/documents';
import { Icon } from '../icons';
import { editor, useEditorState } from '../editor';

/** The examples gallery: every document in public/examples, with its title and description. */
export function Gallery() {
  const open = useEditorState((s) => s.ui.galleryOpen);
  return open ? <GalleryDialog /> : null;
}

function GalleryDialog() {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const close = () => editor.set('ui', { galleryOpen: false });
  useEffect(() => {
    let live = true;
    loadExamples().then(
      (list) => live && setExamples(list),
      (e: Error) => editor.notify(`Could not load the examples: ${e.message}`, 'error'),
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (examples) ref.current?.querySelector<HTMLButtonElement>('.gallery__card button')?.focus();
  }, [examples]);
  const choose = (ex: Example) => {
    if (!ex.doc) return;
    close();
    void openAsNew(ex.doc, { kind: 'example', file: ex.file }).then(
      (added) => added && editor.notify(`Opened the example “${ex.title}” as a new document.`),
    );
  };
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={ref}
        className="dialog gallery"
        role="dialog"
        aria-modal="true"
        aria-labelledby="gallery-title"
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <div className="dialog__head">
          <h2 id="gallery-title">Examples</h2>
          <button type="button" className="tool" aria-label="Close examples" onClick={close} autoFocus>
            <Icon name="close" />
          </button>
        </div>
        {examples === null ? (
          <p className="muted" role="status">
            Loading examples…
          </p>
        ) : (
          <ul className="gallery__list">
            {examples.map((ex) => (
              <li key={ex.file} className="gallery__card">
                <h3>{ex.title}</h3>
                <p className="gallery__desc">{ex.description || ex.file}</p>
                {ex.doc ? (
                  <button type="button" className="button button--primary" onClick={() => choose(ex)} aria-label={`Open ${ex.title}`}>
                    Open
                  </button>
                ) : (
                  <pre className="issues">{formatIssues(ex.issues)}</pre>
                )}
                <span className="gallery__file">{ex.file}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
