// @vitest-environment jsdom
import '../test-setup';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { compressToEncodedURIComponent } from 'lz-string';
import { serializeDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { encodeShare, MAX_LINK_CHARS } from '../../graph/share';
import { App } from '../App';
import { firstDocument } from '../examples';
import { Inspector } from '../panels/Inspector';
import { Notices } from '../panels/Notices';
import { startEditor } from '../startup';
import { AUTOSAVE_KEY } from '../store/autosave';
import { useEditor } from '../store/editor';
import { loadDoc, productDoc, renderEditor } from '../test-utils';
import { BEFORE_LINK_KEY, copyShareLink, shareUrl } from './link';
import { useShare } from './share-state';
import { ShareUi } from './ShareUi';

function p1(): GraphDocument {
  const doc = firstDocument();
  if (!doc) throw new Error('P1 is bundled');
  return doc;
}

/** The user's own work, autosaved: what a link must never destroy. */
const OWN = serializeDocument(productDoc());

const visit = (url: string) => window.history.replaceState(null, '', url);

describe('share links', () => {
  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(AUTOSAVE_KEY, OWN);
    loadDoc(productDoc());
    useShare.setState({ fallbackLink: null, opened: null });
    visit('/');
  });

  it('round-trips a document: copy the link, open it at start-up, get the same document as one undoable step', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    loadDoc({ ...p1(), view: { x: 10, y: 20, zoom: 2 } });
    await copyShareLink();
    const url = writeText.mock.calls[0][0];
    expect(url).toBe(`${location.origin}/#g=${encodeShare(p1())}`);

    loadDoc(productDoc());
    visit(url);
    startEditor(localStorage);
    const { present, past } = useEditor.getState();
    expect(present).toEqual(p1());
    expect(past).toHaveLength(1);
    expect(location.hash).toBe('');
    expect(localStorage.getItem(AUTOSAVE_KEY)).toBe(OWN);
    expect(localStorage.getItem(BEFORE_LINK_KEY)).toBe(OWN);
    act(() => useEditor.getState().undo());
    expect(useEditor.getState().present).toEqual(productDoc());
  });

  it('offers the previous document back after opening a link', async () => {
    const user = userEvent.setup();
    visit(`/#g=${encodeShare(p1())}`);
    startEditor(localStorage);
    render(<ShareUi />);
    const banner = screen.getByRole('region', { name: 'Shared link' });
    expect(banner).toHaveTextContent('Opened the shared graph “P1. Backprop on f = z · 2^(x − y)”.');
    await user.click(within(banner).getByRole('button', { name: 'Restore my previous document' }));
    expect(useEditor.getState().present).toEqual(productDoc());
    expect(screen.queryByRole('region', { name: 'Shared link' })).toBeNull();
    expect(localStorage.getItem(BEFORE_LINK_KEY)).toBeNull();
  });

  it('shows the link to copy by hand when the clipboard refuses', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    render(<ShareUi />);
    await act(copyShareLink);
    const field = within(screen.getByRole('dialog', { name: 'Link to this graph' })).getByRole('textbox');
    expect(field).toHaveAttribute('readonly');
    expect(field).toHaveValue(shareUrl(productDoc()));
  });

  const broken: [string, string, RegExp][] = [
    ['oversized', 'A'.repeat(MAX_LINK_CHARS + 1), /too long/],
    ['truncated', encodeShare(p1()).slice(0, 200), /damaged or truncated/],
    ['of a wrong version', compressToEncodedURIComponent(JSON.stringify({ ...p1(), version: 99 })), /unsupported version 99/],
    ['broken', '<script>alert(1)</script>', /characters a Backprop Studio link never has/],
    ['not a graph', compressToEncodedURIComponent(JSON.stringify({ nodes: 'many' })), /format/],
  ];

  it.each(broken)('refuses a link that is %s, listing why, with the autosaved document loaded and untouched', (_, payload, reason) => {
    visit(`/#g=${payload}`);
    startEditor(localStorage);
    render(<Notices />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('This shared link could not be opened, so nothing was imported; your own graph is unchanged.');
    expect(within(alert).getByRole('list', { name: 'Problems found' })).toHaveTextContent(reason);
    expect(useEditor.getState().present).toEqual(productDoc());
    expect(useEditor.getState().past).toHaveLength(0);
    expect(localStorage.getItem(AUTOSAVE_KEY)).toBe(OWN);
    expect(localStorage.getItem(BEFORE_LINK_KEY)).toBeNull();
    expect(location.hash).toBe('');
  });

  it('renders labels with markup as inert text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const doc: GraphDocument = { ...p1(), title: hostile, nodes: p1().nodes.map((n) => (n.id === 'x' ? { ...n, name: hostile, label: hostile } : n)) };
    visit(`/#g=${encodeShare(doc)}`);
    startEditor(localStorage);
    expect(useEditor.getState().present.title).toBe(hostile);
    act(() => useEditor.getState().select(['x']));
    const { container } = renderEditor(
      <>
        <ShareUi />
        <Inspector />
      </>,
    );
    expect(screen.getByRole('region', { name: 'Shared link' })).toHaveTextContent(`Opened the shared graph “${hostile}”.`);
    expect(screen.getByLabelText('Label')).toHaveValue(hostile);
    // Exact forms written in that name stay plain text: nothing reaches KaTeX or the DOM as markup.
    expect(await screen.findByTestId('exact-analytic', {}, { timeout: 20_000 })).toHaveTextContent(hostile);
    expect(container.querySelector('img')).toBeNull();
  }, 30_000);
});

describe('the embed view', () => {
  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(AUTOSAVE_KEY, OWN);
  });
  afterEach(() => visit('/'));

  it('shows the linked graph read-only with its playback, without the editing chrome, and writes nothing', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    visit(`/?embed=1#g=${encodeShare(p1())}`);
    startEditor(localStorage);
    expect(useEditor.getState().present).toEqual(p1());
    render(<App />);
    expect(screen.queryByRole('complementary', { name: 'Op palette' })).toBeNull();
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).toBeNull();
    expect(screen.queryByRole('toolbar', { name: 'Editor commands' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Fit view' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Toggle light/dark theme' })).toBeVisible();
    expect(screen.getByRole('region', { name: 'Backprop playback' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Open in Backprop Studio' })).toHaveAttribute('href', `${location.origin}/#g=${encodeShare(p1())}`);
    const nodes = document.querySelectorAll('.react-flow__node');
    expect(nodes).toHaveLength(7);
    for (const n of nodes) expect(n).not.toHaveClass('draggable');
    expect(location.hash).toBe(`#g=${encodeShare(p1())}`);
    expect(setItem).not.toHaveBeenCalled();
    setItem.mockRestore();
  });
});
