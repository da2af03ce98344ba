import { useEffect, useRef, useState } from 'react';
import { formatIssues } from '../../graph/load';
import { loadExamples, type Example } from '../examples';
import { Icon } from '../icons';
import { editor, useEditorState } from '../editor';
import { openExample } from '../welcome/open-example';
import { byTopic } from '../welcome/topics';
import '../welcome/welcome.css';

function Card({ ex, choose }: { ex: Example; choose(ex: Example): void }) {
  return (
    <li className="gallery__card">
      <h4>{ex.title}</h4>
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
  );
}

/** The examples gallery: every document in public/examples, by topic, with its title and description. */
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
    openExample(ex);
  };
  const broken = examples?.filter((ex) => !ex.doc) ?? [];
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
          <div className="gallery__topics">
            {byTopic(examples).map(({ topic, items }) => (
              <section key={topic.id} className="gallery__topic" aria-labelledby={`gallery-${topic.id}`}>
                <h3 id={`gallery-${topic.id}`}>{topic.title}</h3>
                <p className="muted">{topic.blurb}</p>
                <ul className="gallery__list">
                  {items.map((ex) => (
                    <Card key={ex.file} ex={ex} choose={choose} />
                  ))}
                </ul>
              </section>
            ))}
            {broken.length > 0 && (
              <section className="gallery__topic" aria-labelledby="gallery-broken">
                <h3 id="gallery-broken">Examples that could not be read</h3>
                <ul className="gallery__list">
                  {broken.map((ex) => (
                    <Card key={ex.file} ex={ex} choose={choose} />
                  ))}
                </ul>
              </section>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
