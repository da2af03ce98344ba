// @vitest-environment jsdom
import './test-setup';
import { editor } from './editor';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { serializeDocument } from '../graph/load';
import { App } from './App';
import { LEGACY_KEYS } from './library/legacy';
import { CURRENT_KEY } from './library/session';
import { addEntry, allEntries, docOf, freshBrowser } from './library/test-library';
import { startEditor } from './startup';
import { productDoc } from './test-utils';

const badFile = JSON.stringify({
  format: 'backprop-studio.graph',
  version: 1,
  nodes: [{ id: 'q', op: 'bogus', position: { x: 0, y: 0 } }],
  edges: [{ source: 'q', target: 'nowhere', port: 'a' }],
});

describe('bad input never loses work', () => {
  beforeEach(() => {
    freshBrowser();
    editor.reset(productDoc());
  });

  it('an invalid file: a message listing JSON paths and reasons, the old graph intact', async () => {
    render(<App />);
    const before = editor.state.doc.present;
    const input = screen.getByTestId('file-input');
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([badFile], 'broken.json', { type: 'application/json' })] } });
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not open "broken.json"; the current graph is unchanged.');
    const problems = within(alert).getByRole('list', { name: 'Problems found' });
    expect(problems).toHaveTextContent('nodes[0].op: unknown op "bogus"');
    expect(problems).toHaveTextContent('edges[0].target: dangling edge: no node "nowhere"');
    expect(editor.state.doc.present).toBe(before);
    expect(editor.state.doc.past).toHaveLength(0);
  });

  it('a file that is not JSON at all', async () => {
    render(<App />);
    await act(async () => {
      fireEvent.change(screen.getByTestId('file-input'), { target: { files: [new File(['{ nope'], 'x.json')] } });
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('(document): not valid JSON');
  });

  it('a file nested 100,000 levels deep: refused with the path, the old graph intact', async () => {
    render(<App />);
    const before = editor.state.doc.present;
    const text = JSON.stringify({ ...productDoc(), meta: { notes: '@' } }).replace('"@"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    await act(async () => {
      fireEvent.change(screen.getByTestId('file-input'), { target: { files: [new File([text], 'deep.json')] } });
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not open "deep.json"; the current graph is unchanged.');
    expect(within(alert).getByRole('list', { name: 'Problems found' })).toHaveTextContent(
      'meta.notes[0][0][0][0][0][0]…: nests deeper than 64 levels, the limit for any value in a document',
    );
    expect(editor.state.doc.present).toBe(before);
  });

  it('a document starting with a byte-order mark opens and pastes', async () => {
    await startEditor();
    // The library's document is replaced in place: a reset would close the library.
    act(() => editor.open(productDoc()));
    render(<App />);
    const text = `\uFEFF${serializeDocument({ ...productDoc(), title: 'With BOM' })}`;
    act(() => {
      editor.clipboard.pasteText(text);
    });
    expect(editor.state.doc.present.nodes).toHaveLength(6);
    await act(async () => {
      fireEvent.change(screen.getByTestId('file-input'), { target: { files: [new File([text], 'bom.json')] } });
    });
    await waitFor(() => expect(editor.state.doc.present.title).toBe('With BOM'));
    expect(await screen.findByText('Opened With BOM as a new document.')).toBeInTheDocument();
  });

  it('a failed paste changes nothing', () => {
    render(<App />);
    act(() => {
      editor.clipboard.pasteText('hello');
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Paste failed');
    expect(editor.state.doc.past).toHaveLength(0);
  });

  it('a valid paste adds the nodes under fresh ids', () => {
    act(() => {
      editor.clipboard.pasteText(serializeDocument(productDoc()));
    });
    const ids = editor.state.doc.present.nodes.map((n) => n.id);
    expect(ids).toEqual(['a', 'b', 'm', 'x', 'y', 'mul1']);
    expect(editor.state.doc.present.edges).toHaveLength(4);
  });

  it('a valid file opens as a new document; the one open before is kept unchanged', async () => {
    const own = await addEntry(serializeDocument(productDoc()));
    sessionStorage.setItem(CURRENT_KEY, own.id);
    await startEditor();
    render(<App />);
    const p1Text = serializeDocument({
      ...productDoc(),
      title: 'From a file',
      nodes: productDoc().nodes.map((n) => (n.id === 'b' ? { ...n, value: -1 } : n)),
    });
    await act(async () => {
      fireEvent.change(screen.getByTestId('file-input'), { target: { files: [new File([p1Text], 'mine.json')] } });
    });
    await waitFor(() => expect(editor.state.doc.present.title).toBe('From a file'));
    // The notice follows once the library holds the new entry.
    expect(await screen.findByText('Opened From a file as a new document.')).toBeVisible();
    const entries = await allEntries();
    expect(entries.map((e) => [e.title, e.source])).toEqual([
      ['From a file', { kind: 'file', name: 'mine.json' }],
      ['Product', { kind: 'new' }],
    ]);
    expect(docOf(entries[1])).toEqual(productDoc());
  });

  it('a corrupted autosave from before the library: P1 is shown, the problem listed, the text kept in the library, marked', async () => {
    const bad = '{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"a"}],"edges":[]}';
    localStorage.setItem(LEGACY_KEYS[0].key, bad);
    await startEditor();
    render(<App />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      '“Autosaved graph (unreadable)” could not be read, so it is not open; it stays in My documents, marked unreadable, where you can download it.',
    );
    expect(alert).toHaveTextContent('nodes[0].op');
    expect(editor.state.doc.present.title).toMatch(/^P1\./);
    const entries = await allEntries();
    expect(entries.map((e) => [e.title, e.nodeCount])).toEqual(
      expect.arrayContaining([
        ['Autosaved graph (unreadable)', null],
        [editor.state.doc.present.title, 7],
      ]),
    );
    expect(entries.find((e) => e.nodeCount === null)?.text).toBe(bad);
    expect(localStorage.getItem(LEGACY_KEYS[0].key)).toBeNull();
  });

  it('autosaves into its own entry when typing pauses, keeps a copy at once when the page goes away, and starts from it', async () => {
    await startEditor();
    const { unmount } = render(<App />);
    const id = editor.state.library.currentId ?? '';
    const saved = async () => (await allEntries()).find((e) => e.id === id)?.title;
    const pendingCopy = () => Object.keys(localStorage).filter((k) => k.startsWith('backprop-studio.unsaved.'));
    act(() => editor.commit('Title', (d) => void (d.title = 'Saved')));
    expect(await saved()).toMatch(/^P1\./);
    await waitFor(async () => expect(await saved()).toBe('Saved'));
    // Leaving the page keeps a synchronous copy (a reload may cut the database write short) ...
    act(() => editor.commit('Title', (d) => void (d.title = 'Later')));
    window.dispatchEvent(new Event('pagehide'));
    expect(pendingCopy()).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(pendingCopy()[0]) ?? '{}').text).toContain('"title": "Later"');
    // ... which is dropped once the library holds the same text.
    await waitFor(async () => expect(await saved()).toBe('Later'));
    expect(pendingCopy()).toHaveLength(0);
    unmount();
    editor.reset(productDoc());
    await startEditor();
    expect(editor.state.doc.present.title).toBe('Later');
    expect(editor.state.library.currentId).toBe(id);
    expect(await allEntries()).toHaveLength(1);
  });
});
