import { useMemo } from 'react';
import { useDialogFocus } from '../exam/useDialogFocus';
import { Icon } from '../icons';
import './functions.css';
import { useEditorState } from '../editor';
import { closeMakeFunction, confirmMakeFunction, makeProblemText, previewMakeFunction, setMakeFunctionName } from './make';

function Dialog() {
  const name = useEditorState((s) => s.makeFunction.name);
  const nodes = useEditorState((s) => s.makeFunction.nodes);
  const doc = useEditorState((s) => s.doc.present);
  const preview = useMemo(() => previewMakeFunction(doc, nodes, name), [doc, nodes, name]);
  const problem = makeProblemText(preview);
  const { ref, onKeyDown } = useDialogFocus(closeMakeFunction);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeMakeFunction()}>
      <div
        ref={ref}
        className="dialog make-function"
        role="dialog"
        aria-modal="true"
        aria-labelledby="make-function-title"
        onKeyDown={onKeyDown}
      >
        <div className="dialog__head">
          <h2 id="make-function-title">Make function</h2>
          <button type="button" className="tool" aria-label="Close make function" onClick={closeMakeFunction}>
            <Icon name="close" />
          </button>
        </div>
        <form
          className="make-function__body"
          onSubmit={(e) => {
            e.preventDefault();
            confirmMakeFunction();
          }}
        >
          <p className="muted">
            The selected operations become one function: what they read from outside becomes its arguments, their one output its result. The
            selection is replaced by a call of it; undo brings it back.
          </p>
          <label className="text-field">
            <span>Name</span>
            <input
              aria-label="function name"
              value={name}
              aria-invalid={problem !== null}
              data-autofocus
              onFocus={(e) => e.currentTarget.select()}
              onChange={(e) => setMakeFunctionName(e.target.value)}
            />
          </label>
          {problem ? (
            <p className="inspector-error" role="alert">
              {problem}
            </p>
          ) : (
            preview.ok && (
              <p>
                <code data-testid="make-function-preview">
                  {preview.def.name}({preview.def.args.join(', ')}) = {preview.def.body}
                </code>
              </p>
            )
          )}
          <div className="make-function__actions">
            <button type="button" className="button" onClick={closeMakeFunction}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={problem !== null}>
              Make function
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** The dialog of the "Make function" command, while it is open. */
export function MakeFunctionDialog() {
  const open = useEditorState((s) => s.makeFunction.open);
  return open ? <Dialog /> : null;
}
