// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { compressToEncodedURIComponent } from 'lz-string';
import { parseDocument, serializeDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { encodeShare, MAX_LINK_CHARS } from '../../export/share';
import { App } from '../App';
import { firstDocument } from '../examples';
import { Inspector } from '../panels/Inspector';
import { Notices } from '../panels/Notices';
import { CURRENT_KEY } from '../library/session';
import type { EntryMeta } from '../library/store';
import { addEntry, allEntries, freshBrowser } from '../library/test-library';
import { startEditor } from '../startup';
import { productDoc, renderEditor } from '../test-utils';
import { copyShareLink, shareUrl } from './link';
import { ShareUi } from './ShareUi';

function p1(): GraphDocument {
  const doc = firstDocument();
  if (!doc) throw new Error('P1 is bundled');
  return doc;
}

/** The user's own work, in the library: what a link must never destroy. */
const OWN = serializeDocument(productDoc());

const visit = (url: string) => window.history.replaceState(null, '', url);

/** A tab of its own: this tab's memory of its document (sessionStorage) starts empty. */
const newTab = () => sessionStorage.clear();

const titles = async () => (await allEntries()).map((e) => e.title).sort();

describe('share links', () => {
  let own: EntryMeta;
  beforeEach(async () => {
    freshBrowser();
    own = await addEntry(OWN);
    editor.reset(productDoc());
    editor.set('share', { fallbackLink: null, opened: null });
    visit('/');
  });

  /** The user's own entry is exactly as it was. */
  const ownIntact = async () =>
    expect((await allEntries()).find((e) => e.id === own.id)).toMatchObject({ text: OWN, rev: 1, title: 'Product' });

  it('round-trips a document: copy the link, open it at start-up as a new document, the own one intact', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    editor.reset({ ...p1(), view: { x: 10, y: 20, zoom: 2 } });
    await copyShareLink();
    const url = writeText.mock.calls[0][0];
    expect(url).toBe(`${location.origin}/#g=${encodeShare(p1())}`);

    editor.reset(productDoc());
    visit(url);
    await startEditor();
    const { present, past } = editor.state.doc;
    expect(present).toEqual(p1());
    expect(past).toHaveLength(0);
    expect(location.hash).toBe('');
    const entries = await allEntries();
    expect(entries).toHaveLength(2);
    const opened = entries.find((e) => e.id !== own.id);
    expect(opened).toMatchObject({ source: { kind: 'link' }, nodeCount: 7, title: p1().title });
    expect(parseDocument(opened?.text ?? '')).toEqual({ ok: true, doc: p1() });
    expect(editor.state.library.currentId).toBe(opened?.id);
    expect(sessionStorage.getItem(CURRENT_KEY)).toBe(opened?.id);
    await ownIntact();
  });

  it('links opened again and again, in new tabs, each add a document; the own one is intact and one click away', async () => {
    const user = userEvent.setup();
    const b: GraphDocument = {
      ...productDoc(),
      title: 'Link B',
      nodes: productDoc().nodes.map((n) => (n.id === 'a' ? { ...n, value: -7 } : n)),
    };
    sessionStorage.setItem(CURRENT_KEY, own.id);
    for (const doc of [p1(), b, p1()]) {
      newTab();
      visit(`/#g=${encodeShare(doc)}`);
      await startEditor();
      expect(editor.state.doc.present).toEqual(doc);
    }
    expect(await titles()).toEqual(['Link B', p1().title, p1().title, 'Product'].sort());
    await ownIntact();
    // The banner of the last link offers the document shown before it: the previous link, here.
    render(<ShareUi />);
    const banner = screen.getByRole('region', { name: 'Shared link' });
    expect(banner).toHaveTextContent(
      `Opened the shared graph “${p1().title}” as a new document in My documents; your own documents are unchanged.`,
    );
    await user.click(within(banner).getByRole('button', { name: 'Back to “Link B”' }));
    await waitFor(() => expect(editor.state.doc.present).toEqual(b));
    expect(screen.queryByRole('region', { name: 'Shared link' })).toBeNull();
  });

  it('offers the own document back after opening a link, exactly as it was', async () => {
    const user = userEvent.setup();
    sessionStorage.setItem(CURRENT_KEY, own.id);
    visit(`/#g=${encodeShare(p1())}`);
    await startEditor();
    render(<ShareUi />);
    const banner = screen.getByRole('region', { name: 'Shared link' });
    await user.click(within(banner).getByRole('button', { name: 'Back to “Product”' }));
    await waitFor(() => expect(editor.state.doc.present).toEqual(productDoc()));
    expect(editor.state.library.currentId).toBe(own.id);
    expect(await titles()).toEqual([p1().title, 'Product']);
    await ownIntact();
  });

  it('opens a link pasted into the address bar of the open editor at once, as a new document', async () => {
    sessionStorage.setItem(CURRENT_KEY, own.id);
    await startEditor();
    expect(editor.state.doc.present).toEqual(productDoc());
    render(<App />);
    act(() => editor.commit('Value', (d) => void (d.nodes[0].value = 9)));
    window.location.hash = `#g=${encodeShare(p1())}`;
    await waitFor(() => expect(editor.state.doc.present).toEqual(p1()));
    await waitFor(() => expect(location.hash).toBe(''));
    const entries = await allEntries();
    expect(entries).toHaveLength(2);
    // The edit made just before the link arrived was saved into the own document, not lost.
    const mine = entries.find((e) => e.id === own.id);
    expect(parseDocument(mine?.text ?? '')).toMatchObject({
      ok: true,
      doc: { nodes: [{ id: 'a', value: 9 }, { id: 'b', value: 4 }, { id: 'm' }] },
    });
    expect(screen.getByRole('region', { name: 'Shared link' })).toHaveTextContent('as a new document in My documents');

    window.location.hash = `#g=${encodeShare(p1()).slice(0, 100)}`;
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This shared link could not be opened, so nothing was imported; your own graph is unchanged.',
    );
    expect(editor.state.doc.present).toEqual(p1());
    expect(await allEntries()).toHaveLength(2);
    expect(location.hash).toBe('');
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

  it.each(broken)('refuses a link that is %s, listing why, with the own document loaded and untouched', async (_, payload, reason) => {
    sessionStorage.setItem(CURRENT_KEY, own.id);
    visit(`/#g=${payload}`);
    await startEditor();
    render(<Notices />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('This shared link could not be opened, so nothing was imported; your own graph is unchanged.');
    expect(within(alert).getByRole('list', { name: 'Problems found' })).toHaveTextContent(reason);
    expect(editor.state.doc.present).toEqual(productDoc());
    expect(editor.state.doc.past).toHaveLength(0);
    expect(await allEntries()).toHaveLength(1);
    await ownIntact();
    expect(location.hash).toBe('');
  });

  it('renders labels with markup as inert text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const doc: GraphDocument = {
      ...p1(),
      title: hostile,
      nodes: p1().nodes.map((n) => (n.id === 'x' ? { ...n, name: hostile, label: hostile } : n)),
    };
    visit(`/#g=${encodeShare(doc)}`);
    await startEditor();
    expect(editor.state.doc.present.title).toBe(hostile);
    act(() => editor.select(['x']));
    const { container } = renderEditor(
      <>
        <ShareUi />
        <Inspector />
      </>,
    );
    expect(screen.getByRole('region', { name: 'Shared link' })).toHaveTextContent(`Opened the shared graph “${hostile}” as a new document`);
    expect(screen.getByLabelText('Label')).toHaveValue(hostile);
    // Exact forms written in that name stay plain text: nothing reaches KaTeX or the DOM as markup.
    expect(await screen.findByTestId('exact-analytic', {}, { timeout: 20_000 })).toHaveTextContent(hostile);
    expect(container.querySelector('img')).toBeNull();
  }, 30_000);
});

describe('the embed view', () => {
  beforeEach(() => {
    freshBrowser();
    editor.reset();
  });
  afterEach(() => visit('/'));

  it('shows the linked graph read-only with its playback, without the editing chrome, and writes nothing', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    visit(`/?embed=1#g=${encodeShare(p1())}`);
    await startEditor();
    expect(editor.state.doc.present).toEqual(p1());
    render(<App />);
    expect(screen.queryByRole('complementary', { name: 'Op palette' })).toBeNull();
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).toBeNull();
    expect(screen.queryByRole('toolbar', { name: 'Editor commands' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Fit view' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Toggle light/dark theme' })).toBeVisible();
    expect(screen.getByRole('region', { name: 'Backprop playback' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Open in Backprop Studio' })).toHaveAttribute(
      'href',
      `${location.origin}/#g=${encodeShare(p1())}`,
    );
    const nodes = document.querySelectorAll('.react-flow__node');
    expect(nodes).toHaveLength(7);
    for (const n of nodes) expect(n).not.toHaveClass('draggable');
    expect(location.hash).toBe(`#g=${encodeShare(p1())}`);
    expect(setItem).not.toHaveBeenCalled();
    setItem.mockRestore();
    // Not even a database is created: the reader's My documents never hears of an embed.
    expect(await indexedDB.databases()).toEqual([]);
  });
});
