// @vitest-environment jsdom
import './test-setup';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { serializeDocument } from '../graph/load';
import { App } from './App';
import { pasteText } from './files';
import { startEditor } from './startup';
import { AUTOSAVE_DELAY_MS, AUTOSAVE_KEY, CORRUPT_KEY } from './store/autosave';
import { useEditor } from './store/editor';
import { loadDoc, productDoc } from './test-utils';

const badFile = JSON.stringify({ format: 'backprop-studio.graph', version: 1, nodes: [{ id: 'q', op: 'bogus', position: { x: 0, y: 0 } }], edges: [{ source: 'q', target: 'nowhere', port: 'a' }] });

describe('bad input never loses work', () => {
  beforeEach(() => {
    localStorage.clear();
    loadDoc(productDoc());
  });

  it('an invalid file: a message listing JSON paths and reasons, the old graph intact', async () => {
    render(<App />);
    const before = useEditor.getState().present;
    const input = screen.getByTestId('file-input');
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File([badFile], 'broken.json', { type: 'application/json' })] } });
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not open "broken.json"; the current graph is unchanged.');
    const problems = within(alert).getByRole('list', { name: 'Problems found' });
    expect(problems).toHaveTextContent('nodes[0].op: unknown op "bogus"');
    expect(problems).toHaveTextContent('edges[0].target: dangling edge: no node "nowhere"');
    expect(useEditor.getState().present).toBe(before);
    expect(useEditor.getState().past).toHaveLength(0);
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
    const before = useEditor.getState().present;
    const text = JSON.stringify({ ...productDoc(), meta: { notes: '@' } }).replace('"@"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    await act(async () => {
      fireEvent.change(screen.getByTestId('file-input'), { target: { files: [new File([text], 'deep.json')] } });
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not open "deep.json"; the current graph is unchanged.');
    expect(within(alert).getByRole('list', { name: 'Problems found' })).toHaveTextContent('meta.notes[0][0][0][0][0][0]…: nests deeper than 64 levels, the limit for any value in a document');
    expect(useEditor.getState().present).toBe(before);
  });

  it('a document starting with a byte-order mark opens and pastes', async () => {
    render(<App />);
    const text = `\uFEFF${serializeDocument({ ...productDoc(), title: 'With BOM' })}`;
    act(() => {
      pasteText(text);
    });
    expect(useEditor.getState().present.nodes).toHaveLength(6);
    await act(async () => {
      fireEvent.change(screen.getByTestId('file-input'), { target: { files: [new File([text], 'bom.json')] } });
    });
    expect(await screen.findByText('Opened With BOM.')).toBeInTheDocument();
    expect(useEditor.getState().present.title).toBe('With BOM');
  });

  it('a failed paste changes nothing', () => {
    render(<App />);
    act(() => {
      pasteText('hello');
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Paste failed');
    expect(useEditor.getState().past).toHaveLength(0);
  });

  it('a valid paste adds the nodes under fresh ids', () => {
    act(() => {
      pasteText(serializeDocument(productDoc()));
    });
    const ids = useEditor.getState().present.nodes.map((n) => n.id);
    expect(ids).toEqual(['a', 'b', 'm', 'x', 'y', 'mul1']);
    expect(useEditor.getState().present.edges).toHaveLength(4);
  });

  it('a corrupted autosave: P1 is shown, the problem listed, the entry kept', () => {
    localStorage.setItem(AUTOSAVE_KEY, '{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"a"}],"edges":[]}');
    startEditor();
    render(<App />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The autosaved graph could not be read');
    expect(alert).toHaveTextContent('nodes[0].op');
    expect(useEditor.getState().present.title).toMatch(/^P1\./);
    expect(localStorage.getItem(CORRUPT_KEY)).toContain('"id":"a"');
  });

  it('autosaves when typing pauses, at once when the page goes away, and starts from it', () => {
    const { unmount } = render(<App />);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const saved = () => JSON.parse(localStorage.getItem(AUTOSAVE_KEY) ?? '{}').title;
    act(() => useEditor.getState().commit('Title', (d) => void (d.title = 'Saved')));
    expect(saved()).toBeUndefined();
    act(() => vi.advanceTimersByTime(AUTOSAVE_DELAY_MS));
    expect(saved()).toBe('Saved');
    act(() => useEditor.getState().commit('Title', (d) => void (d.title = 'Later')));
    window.dispatchEvent(new Event('pagehide'));
    expect(saved()).toBe('Later');
    vi.useRealTimers();
    unmount();
    loadDoc(productDoc());
    startEditor();
    expect(useEditor.getState().present.title).toBe('Later');
  });
});
