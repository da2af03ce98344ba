// @vitest-environment jsdom
import './test-setup';
import { editor } from './editor';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { analyze } from '../graph/analyze';
import { checkExpected } from '../graph/fixture';
import { formulaToDocument } from '../graph/formula-to-graph';
import { parseDocument } from '../graph/load';
import type { GraphDocument } from '../graph/schema';
import { App } from './App';
import { productDoc } from './test-utils';

/** Catches what the browser would download: the file names and the documents in them. */
function downloads() {
  const files: { name: string; blob: Blob }[] = [];
  let pending: Blob | null = null;
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    pending = b as Blob;
    return 'blob:fixture';
  });
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (pending) files.push({ name: this.download, blob: pending });
  });
  return {
    files,
    async doc(i: number): Promise<GraphDocument> {
      const r = parseDocument(await files[i].blob.text());
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return r.doc;
    },
    restore() {
      create.mockRestore();
      revoke.mockRestore();
      click.mockRestore();
    },
  };
}

describe('Save as fixture', () => {
  let saved: ReturnType<typeof downloads>;
  beforeEach(() => {
    localStorage.clear();
    editor.reset(productDoc());
    saved = downloads();
  });
  afterEach(() => saved.restore());

  it('downloads the document with every value, gradient and shape as its expected block; the open graph is unchanged', async () => {
    const user = userEvent.setup();
    render(<App />);
    const before = editor.state.doc.present;
    await user.click(within(screen.getByRole('group', { name: 'File' })).getByRole('button', { name: 'Save as fixture' }));
    expect(saved.files.map((f) => f.name)).toEqual(['product-fixture.json']);
    const doc = await saved.doc(0);
    // a × b at a = 3, b = 4: 12, ∂/∂a = b = 4, ∂/∂b = a = 3.
    expect(doc.expected).toEqual({
      tol: 1e-9,
      output: 12,
      nodes: { a: { value: 3, grad: 4, shape: [] }, b: { value: 4, grad: 3, shape: [] }, m: { value: 12, grad: 1, shape: [] } },
      gradients: { a: 4, b: 3 },
    });
    expect(doc.nodes).toEqual(before.nodes);
    expect(checkExpected(analyze(doc))).toEqual([]);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Saved product-fixture.json, with every value, gradient and shape as its expected answers.',
    );
    expect(editor.state.doc.present).toBe(before);
  });

  it('answers Ctrl+Shift+S, from the same command', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.keyboard('{Control>}{Shift>}S{/Shift}{/Control}');
    expect(saved.files.map((f) => f.name)).toEqual(['product-fixture.json']);
    expect((await saved.doc(0)).expected?.output).toBe(12);
  });

  it('saves nothing for a graph with an error, and says which node', async () => {
    act(() => editor.reset(formulaToDocument('log(x) + 1', { values: { x: -3 }, title: 'Bad log' })));
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Save as fixture' }));
    expect(saved.files).toEqual([]);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Cannot save as fixture: a fixture needs every node to have a value. Nothing was saved.');
    expect(within(alert).getByRole('list', { name: 'Problems found' })).toHaveTextContent(
      'nodes.log1: f2 (node "log1") has no value to expect: log of a non-positive number: -3',
    );
  });
});
