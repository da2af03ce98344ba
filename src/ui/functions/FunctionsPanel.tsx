import { useState } from 'react';
import type { FunctionDef } from '../../graph/schema';
import { editor, useEditorState } from '../editor';
import './functions.css';
import { addNodes, freshId } from '../store/edits';
import { checkDraft, type Draft, type DraftField } from './draft';
import { callsOf, putFunction, removeFunction } from './edits';

const EMPTY: Draft = { name: '', args: '', body: '' };

/** Adds a call of `def` right of the graph and selects it. */
function insertCall(def: FunctionDef): void {
  const doc = editor.state.doc.present;
  const x = doc.nodes.reduce((m, n) => Math.max(m, n.position.x), 0) + 200;
  const id = freshId(new Set(doc.nodes.map((n) => n.id)), def.name);
  const node = { id, op: 'call', params: { fn: def.name }, position: { x, y: 0 } };
  editor.commit(`Add ${def.name}`, addNodes([node]), { select: [id] });
}

/**
 * The document's functions: each definition with its calls, and a form (name, arguments, body)
 * checked as it is typed, with the body's graph previewed. Nothing typed here runs: a body is a
 * formula over the built-in ops, parsed by the formula parser.
 */
export function FunctionsPanel() {
  const functions = useEditorState((s) => s.doc.present.functions) ?? [];
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<number | null>(null);
  const touched = draft.name !== '' || draft.args !== '' || draft.body !== '';
  const check = checkDraft(editor.state.doc.present, draft, editing);
  const problemOf = (field: DraftField) => (touched ? check.problems.filter((p) => p.field === field).map((p) => p.message) : []);
  const field = (name: DraftField, label: string, placeholder: string) => {
    const problems = problemOf(name);
    return (
      <label className="text-field">
        <span>{label}</span>
        <input
          aria-label={`function ${name}`}
          aria-invalid={problems.length > 0}
          value={draft[name]}
          placeholder={placeholder}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
        />
        {problems.map((m) => (
          <span key={m} className="inspector-error" role="note">
            {m}
          </span>
        ))}
      </label>
    );
  };
  const save = () => {
    if (!check.def) return;
    editor.commit(editing === null ? `Define ${check.def.name}` : `Edit ${check.def.name}`, putFunction(check.def, editing));
    setDraft(EMPTY);
    setEditing(null);
  };
  const remove = (def: FunctionDef) => {
    const calls = callsOf(editor.state.doc.present, def.name);
    if (calls.length) editor.notify(`${def.name} is called by ${calls.join(', ')}: delete those calls first`);
    else editor.commit(`Delete ${def.name}`, removeFunction(def.name));
  };
  return (
    <section className="functions-panel" aria-label="Functions">
      <h3>Functions</h3>
      <ul>
        {functions.map((f, i) => (
          <li key={f.name}>
            <code>
              {f.name}({f.args.join(', ')}) = {f.body}
            </code>
            <button type="button" className="button" onClick={() => insertCall(f)}>
              Insert call
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(i);
                setDraft({ name: f.name, args: f.args.join(', '), body: f.body });
              }}
            >
              Edit
            </button>
            <button type="button" className="button button--danger" onClick={() => remove(f)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {field('name', 'Name', 'swish')}
      {field('args', 'Arguments', 'u')}
      {field('body', 'Body', 'u * sigmoid(u)')}
      {check.preview.length > 0 && (
        <ol className="functions-panel__preview" aria-label="body preview">
          {check.preview.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
      )}
      <button type="button" className="button" disabled={!check.def} onClick={save}>
        {editing === null ? 'Define' : 'Save'}
      </button>
    </section>
  );
}
