import { useEffect, useState } from 'react';
import { loadExamples, type Example } from '../examples';
import { useDialogFocus } from '../exam/useDialogFocus';
import { Icon } from '../icons';
import { editor, useEditorState } from '../editor';
import { markVisited } from './first-visit';
import { openExample } from './open-example';
import { byTopic } from './topics';
import { startTour } from './tour';
import './welcome.css';

/** Examples offered per topic on the start screen; the gallery has them all. */
const PER_TOPIC = 4;

function close(): void {
  markVisited();
  editor.set('ui', { welcomeOpen: false });
}

function StartScreen() {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const { ref, onKeyDown } = useDialogFocus(close);
  useEffect(() => {
    let live = true;
    loadExamples().then(
      (list) => live && setExamples(list),
      () => live && setExamples([]),
    );
    return () => {
      live = false;
    };
  }, []);
  const open = (ex: Example) => {
    close();
    openExample(ex);
  };
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div ref={ref} className="dialog welcome" role="dialog" aria-modal="true" aria-labelledby="welcome-title" onKeyDown={onKeyDown}>
        <div className="dialog__head">
          <h2 id="welcome-title">Welcome to Backprop Studio</h2>
          <button type="button" className="tool" aria-label="Close the start screen" onClick={close}>
            <Icon name="close" />
          </button>
        </div>
        <p className="welcome__lead">
          Build a computational graph, then watch its forward values f<sub>i</sub> and its gradients b<sub>i</sub> flow along the edges, one
          step at a time. P1 of the first exam is open behind this screen.
        </p>
        <div className="welcome__actions">
          <button
            type="button"
            className="button button--primary"
            data-autofocus
            onClick={() => {
              close();
              void startTour();
            }}
          >
            Take the tour (1 minute)
          </button>
          <button type="button" className="button" onClick={close}>
            Start with P1
          </button>
        </div>
        <h3 className="welcome__topics-title">Or start from an example</h3>
        {examples === null ? (
          <p className="muted" role="status">
            Loading examples…
          </p>
        ) : (
          <div className="welcome__topics">
            {byTopic(examples).map(({ topic, items }) => (
              <section key={topic.id} className="welcome__topic" aria-labelledby={`topic-${topic.id}`}>
                <h4 id={`topic-${topic.id}`}>{topic.title}</h4>
                <p className="muted">{topic.blurb}</p>
                <ul>
                  {items.slice(0, PER_TOPIC).map((ex) => (
                    <li key={ex.file}>
                      <button type="button" className="link-button" onClick={() => open(ex)}>
                        {ex.title}
                      </button>
                    </li>
                  ))}
                </ul>
                {items.length > PER_TOPIC && (
                  <button
                    type="button"
                    className="link-button muted"
                    onClick={() => {
                      close();
                      editor.set('ui', { galleryOpen: true });
                    }}
                  >
                    {items.length - PER_TOPIC} more in the gallery
                  </button>
                )}
              </section>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

/** The start screen a first visit opens on: the tour, and the examples by topic. */
export function Welcome() {
  const open = useEditorState((s) => s.ui.welcomeOpen);
  return open ? <StartScreen /> : null;
}
