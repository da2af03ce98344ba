import { useId, useState } from 'react';
import { parseNumber } from '../parse';
import { editor, useEditorState } from '../editor';
import { setPortConstant } from './edits';

/**
 * A number typed straight into an unconnected input port: a constant without a node (no f_i).
 * Empty clears it; an unfinished entry ("-", "1e") is kept without committing, and said why.
 */
export function PortConstantField({ node, port }: { node: string; port: string }) {
  const id = useId();
  const value = useEditorState((s) => s.doc.present.nodes.find((n) => n.id === node)?.constants?.[port]);
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? (value === undefined ? '' : String(value));
  const parsed = text.trim() === '' ? null : parseNumber(text);
  const error = text.trim() !== '' && parsed === null ? 'enter a number, or leave it empty' : null;
  const commit = (v: number | null) =>
    editor.commit(v === null ? `Clear ${port}` : `Type ${v} into ${port}`, setPortConstant(node, port, v), {
      key: `constant:${node}:${port}`,
    });
  return (
    <div className="field field--inline port-constant">
      <label htmlFor={id} className="sr-only">
        number in {port}
      </label>
      <input
        id={id}
        className="field__input field__input--number"
        inputMode="decimal"
        placeholder="or a number"
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        value={text}
        onChange={(e) => {
          setDraft(e.target.value);
          const t = e.target.value;
          const v = t.trim() === '' ? null : parseNumber(t);
          if ((t.trim() === '' && value !== undefined) || (v !== null && v !== value)) commit(v);
        }}
        onBlur={() => setDraft(null)}
      />
      {error && (
        <span className="field__error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}
