import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useDialogFocus } from '../exam/useDialogFocus';
import { downloadText, fileNameFor } from '../files';
import { Icon } from '../icons';
import { deleteEntry, duplicateEntry, entryText, openEntry, renameEntry, undoLastDelete } from './documents';
import { refreshLibrary } from './session';
import type { EntryMeta, EntrySource } from './store';
import { editor, useEditorState } from '../editor';
import './library.css';

const close = () => editor.set('library', { panelOpen: false });

/** Where a document came from, in words. */
export function sourceText(source: EntrySource): string {
  switch (source.kind) {
    case 'new':
      return 'New graph';
    case 'start':
      return 'Starting example';
    case 'link':
      return 'From a shared link';
    case 'example':
      return `Example ${source.file}`;
    case 'file':
      return `File ${source.name}`;
    case 'duplicate':
      return 'Copy';
    case 'conflict':
      return 'Kept when two tabs changed one document';
    case 'legacy':
      return 'From the earlier autosave';
  }
}

const when = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

async function download(entry: EntryMeta): Promise<void> {
  const full = await entryText(entry.id);
  if (!full) return;
  const name = fileNameFor(entry.title);
  downloadText(full.text, name);
  editor.notify(`Saved ${name}.`);
}

function RenameForm({ entry, done }: { entry: EntryMeta; done(): void }) {
  const [title, setTitle] = useState(entry.title);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = title.trim();
    if (next && next !== entry.title) void renameEntry(entry.id, next);
    done();
  };
  return (
    <form className="library__rename" onSubmit={submit}>
      <input
        ref={field}
        className="field__input"
        aria-label={`New name for “${entry.title}”`}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          // Escape cancels the rename, not the whole panel.
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          done();
        }}
      />
      <button type="submit" className="button button--primary" disabled={title.trim() === ''}>
        Save
      </button>
      <button type="button" className="button" onClick={done}>
        Cancel
      </button>
    </form>
  );
}

function EntryRow({ entry, current }: { entry: EntryMeta; current: boolean }) {
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const unreadable = entry.problems !== null;
  const name = `“${entry.title}”`;
  const finishRename = () => {
    setRenaming(false);
    requestAnimationFrame(() => renameButton.current?.focus());
  };
  return (
    <li
      className={`library__entry${current ? ' library__entry--current' : ''}${unreadable ? ' library__entry--bad' : ''}`}
      aria-labelledby={titleId}
      aria-current={current || undefined}
    >
      <div className="library__main">
        {renaming ? (
          <RenameForm entry={entry} done={finishRename} />
        ) : (
          <h3 id={titleId} className="library__title">
            {entry.title}
          </h3>
        )}
        <p className="library__meta">
          {current && <span className="library__badge">Open now</span>}
          {unreadable && (
            <span className="library__badge library__badge--bad">
              <Icon name="warning" size={12} /> Unreadable
            </span>
          )}
          <span>
            Changed <time dateTime={new Date(entry.updated).toISOString()}>{when(entry.updated)}</time>
          </span>
          {entry.nodeCount !== null && <span>{entry.nodeCount === 1 ? '1 node' : `${entry.nodeCount} nodes`}</span>}
          <span>{sourceText(entry.source)}</span>
        </p>
        {entry.problems && entry.problems.length > 0 && (
          <p className="library__problem">
            Why: <code>{entry.problems[0].path}</code>: {entry.problems[0].message}
            {entry.problems.length > 1 && ` (and ${entry.problems.length - 1} more)`}
          </p>
        )}
        {!unreadable && entry.summary && <p className="library__summary">{entry.summary}</p>}
      </div>
      <div className="library__actions" role="group" aria-label={`Actions for ${name}`}>
        {!unreadable && !current && (
          <button
            type="button"
            className="button button--primary"
            aria-label={`Open ${name}`}
            onClick={() => {
              close();
              void openEntry(entry.id).then((ok) => ok && editor.notify(`Opened ${name}.`));
            }}
          >
            Open
          </button>
        )}
        <button type="button" className="button" aria-label={`Download ${name}`} onClick={() => void download(entry)}>
          <Icon name="download" size={14} /> Download
        </button>
        <button
          ref={renameButton}
          type="button"
          className="button"
          aria-label={`Rename ${name}`}
          onClick={() => setRenaming(true)}
          disabled={renaming}
        >
          Rename
        </button>
        <button type="button" className="button" aria-label={`Duplicate ${name}`} onClick={() => void duplicateEntry(entry.id)}>
          Duplicate
        </button>
        <button type="button" className="button button--danger" aria-label={`Delete ${name}`} onClick={() => void deleteEntry(entry.id)}>
          Delete
        </button>
      </div>
    </li>
  );
}

function LibraryDialog() {
  const { ref, onKeyDown } = useDialogFocus(close);
  const entries = useEditorState((s) => s.library.entries);
  const currentId = useEditorState((s) => s.library.currentId);
  const unavailable = useEditorState((s) => s.library.unavailable);
  const deleted = useEditorState((s) => s.library.deleted);
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    void refreshLibrary();
    return () => editor.set('library', { deleted: null });
  }, []);
  useEffect(() => {
    // The deleted row took the focus with it: the way back is where it goes.
    if (deleted) undo.current?.focus();
  }, [deleted]);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        ref={ref}
        className="dialog library"
        role="dialog"
        aria-modal="true"
        aria-labelledby="library-heading"
        aria-describedby="library-note"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="dialog__head">
          <h2 id="library-heading">My documents</h2>
          <button type="button" className="tool" aria-label="Close My documents" onClick={close}>
            <Icon name="close" />
          </button>
        </div>
        <p id="library-note" className="library__note">
          {unavailable
            ? `This browser does not let Backprop Studio keep documents (${unavailable}). Use “Save as JSON” to keep your work.`
            : `Every graph you open, build or receive by link is kept here, in this browser only, and saved as you work. ${entries.length === 1 ? '1 document' : `${entries.length} documents`}.`}
        </p>
        {deleted && (
          <div className="library__undo">
            <p>Deleted “{deleted.entry.title}”.</p>
            <button
              ref={undo}
              type="button"
              className="button"
              aria-label={`Undo deleting “${deleted.entry.title}”`}
              onClick={() => void undoLastDelete()}
            >
              Undo
            </button>
          </div>
        )}
        <ul className="library__list" aria-label="Documents">
          {entries.map((e) => (
            <EntryRow key={e.id} entry={e} current={e.id === currentId} />
          ))}
        </ul>
      </div>
    </div>
  );
}

/** "My documents": every document kept in this browser, to open, rename, duplicate, download or delete. */
export function LibraryPanel() {
  const open = useEditorState((s) => s.library.panelOpen);
  return open ? <LibraryDialog /> : null;
}
