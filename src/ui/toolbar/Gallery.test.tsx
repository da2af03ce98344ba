// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { serializeDocument } from '../../graph/load';
import { CURRENT_KEY } from '../library/session';
import { addEntry, allEntries, docOf, freshBrowser } from '../library/test-library';
import { startEditor } from '../startup';
import { productDoc } from '../test-utils';

const dir = join(process.cwd(), 'public', 'examples');
const titles = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { title?: string }).title ?? f);

describe('Examples gallery', () => {
  beforeEach(async () => {
    freshBrowser();
    editor.reset();
    sessionStorage.setItem(CURRENT_KEY, (await addEntry(serializeDocument(productDoc()))).id);
    await startEditor();
  });

  it('lists the title of every document in public/examples and opens one as a new document, the own one kept', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Examples' }));
    const dialog = screen.getByRole('dialog', { name: 'Examples' });
    await within(dialog).findByRole('heading', { name: 'P1. Backprop on f = z · 2^(x − y)' });
    for (const title of titles) expect(within(dialog).getByRole('heading', { name: title })).toBeVisible();
    expect(within(dialog).getAllByRole('button', { name: /^Open / })).toHaveLength(titles.length);
    await user.click(within(dialog).getByRole('button', { name: 'Open P1. Backprop on f = z · 2^(x − y)' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(editor.state.doc.present.title).toBe('P1. Backprop on f = z · 2^(x − y)'));
    expect(await screen.findByTestId('status-output')).toHaveTextContent('−6');
    expect(await screen.findByText('Opened the example “P1. Backprop on f = z · 2^(x − y)” as a new document.')).toBeVisible();
    const entries = await allEntries();
    expect(entries.map((e) => [e.title, e.source])).toEqual([
      ['P1. Backprop on f = z · 2^(x − y)', { kind: 'example', file: 'p1-backprop.json' }],
      ['Product', { kind: 'new' }],
    ]);
    expect(docOf(entries[1])).toEqual(productDoc());
  });

  it('closes with Escape and leaves the graph alone', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Examples' }));
    await screen.findAllByRole('button', { name: /^Open / });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(editor.state.doc.present.title).toBe('Product');
  });
});
