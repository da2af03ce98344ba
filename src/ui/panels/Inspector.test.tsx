// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { productDoc, renderEditor } from '../test-utils';
import { Inspector } from './Inspector';

const select = (id: string) => act(() => editor.select([id]));

describe('Inspector', () => {
  beforeEach(() => editor.reset(productDoc()));

  it('shows the document when nothing is selected', () => {
    renderEditor(<Inspector />);
    expect(screen.getByRole('heading', { name: 'Document' })).toBeVisible();
    expect(screen.getByLabelText('Title')).toHaveValue('Product');
  });

  it('a title being typed does not carry over to a document opened meanwhile', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    const field = screen.getByLabelText('Title');
    await user.click(field);
    await user.type(field, ', renamed');
    expect(editor.state.doc.present.title).toBe('Product, renamed');
    act(() => editor.open({ ...productDoc(), title: 'Another' }));
    expect(screen.getByLabelText('Title')).toHaveValue('Another');
    await user.type(screen.getByLabelText('Title'), '!');
    expect(editor.state.doc.present.title).toBe('Another!');
  });

  it('shows a node’s value, gradient, shape, cost and local derivative rule', () => {
    renderEditor(<Inspector />);
    select('m');
    expect(screen.getByRole('heading', { name: 'f3 · Multiply' })).toBeVisible();
    expect(screen.getByTestId('inspector-value')).toHaveTextContent(/^12$/);
    expect(screen.getByTestId('inspector-grad')).toHaveTextContent(/^1$/);
    expect(screen.getByText('scalar')).toBeVisible();
    expect(screen.getByText('∂(a·b)/∂a = b')).toBeVisible();
    expect(screen.getByText(/This node is the output/)).toBeVisible();
  });

  it('edits an input value and the product and gradients follow', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    select('b');
    const field = screen.getByLabelText('Value');
    expect(field).toHaveValue('4');
    await user.clear(field);
    await user.type(field, '-2.5');
    select('m');
    expect(screen.getByTestId('inspector-value')).toHaveTextContent(/^-7.5$/);
    select('a');
    expect(screen.getByTestId('inspector-grad')).toHaveTextContent(/^-2.5$/);
    expect(editor.state.doc.past).toHaveLength(1);
  });

  it('keeps an unfinished number without committing it, and says why', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    select('a');
    const field = screen.getByLabelText('Value');
    await user.clear(field);
    await user.type(field, '-');
    expect(field).toBeInvalid();
    expect(screen.getByText('enter a number')).toBeVisible();
    expect(editor.state.doc.present.nodes[0].value).toBe(3);
  });

  it('sets another node as the output', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    select('a');
    await user.click(screen.getByRole('button', { name: 'Set as output' }));
    expect(editor.state.doc.present.output).toBe('a');
    expect(screen.getByTestId('inspector-grad')).toHaveTextContent(/^1$/);
  });

  it('edits op parameters with a generic editor', async () => {
    const user = userEvent.setup();
    editor.reset({
      ...productDoc(),
      nodes: [...productDoc().nodes, { id: 's', op: 'scale', params: { c: 2 }, position: { x: 400, y: 60 } }],
      edges: [...productDoc().edges, { source: 'm', target: 's', port: 'u' }],
      output: 's',
    });
    renderEditor(<Inspector />);
    select('s');
    expect(screen.getByTestId('inspector-value')).toHaveTextContent(/^24$/);
    const c = screen.getByLabelText('c');
    await user.clear(c);
    await user.type(c, '0.5');
    expect(screen.getByTestId('inspector-value')).toHaveTextContent(/^6$/);
    expect(screen.getByText('d/du (0.5u) = 0.5')).toBeVisible();
  });

  it('wires inputs from lists, without a mouse', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    select('m');
    const a = screen.getByRole('combobox', { name: 'a' });
    expect(a).toHaveDisplayValue('a · input (f1)');
    await user.selectOptions(a, 'b');
    expect(editor.state.doc.present.edges).toEqual([
      { source: 'b', target: 'm', port: 'b' },
      { source: 'b', target: 'm', port: 'a' },
    ]);
    expect(screen.getByTestId('inspector-value')).toHaveTextContent(/^16$/);
    await user.selectOptions(a, 'not connected');
    expect(screen.getByRole('note')).toHaveTextContent('input "a" is not connected');
  });

  it('names each source in the input lists by its name or label, which wiring does not change', async () => {
    const user = userEvent.setup();
    const doc = productDoc();
    editor.reset({ ...doc, nodes: [...doc.nodes, { id: 'g', op: 'neg', label: 'flip', position: { x: 0, y: 240 } }] });
    renderEditor(<Inspector />);
    select('m');
    const names = () =>
      within(screen.getByRole('combobox', { name: 'b' }))
        .getAllByRole('option')
        .map((o) => o.textContent);
    const before = names();
    expect(before).toEqual(['not connected', 'a · input (f1)', 'b · input (f2)', expect.stringMatching(/^flip · Negate \(/)]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'b' }), 'g');
    expect(editor.state.doc.present.edges).toContainEqual({ source: 'g', target: 'm', port: 'b' });
    expect(names().map((n) => n?.replace(/ \(.*\)$/, ''))).toEqual(before.map((n) => n?.replace(/ \(.*\)$/, '')));
  });

  it('lists no bias input for a conv whose bias is off, and one when it is on', () => {
    const conv = (bias: boolean) => ({
      format: productDoc().format,
      version: productDoc().version,
      title: 'Conv',
      nodes: [{ id: 'c', op: 'conv2d', position: { x: 0, y: 0 }, params: { inChannels: 1, outChannels: 2, kernelSize: 3, bias } }],
      edges: [],
    });
    editor.reset(conv(false));
    const { unmount } = renderEditor(<Inspector />);
    select('c');
    expect(screen.getByRole('combobox', { name: 'weight' })).toBeVisible();
    expect(screen.queryByRole('combobox', { name: 'bias' })).toBeNull();
    unmount();
    editor.reset(conv(true));
    renderEditor(<Inspector />);
    select('c');
    expect(screen.getByRole('combobox', { name: 'bias' })).toBeVisible();
  });

  it('edits a small tensor cell by cell, and a large one by initializer and seed', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    select('a');
    await user.click(screen.getByRole('radio', { name: 'Tensor' }));
    expect(editor.state.doc.present.nodes[0].value).toEqual({ shape: [2, 2], data: [3, 3, 3, 3] });
    const cells = screen.getByRole('group', { name: 'Values of the 2×2 tensor' });
    const cell = screen.getByRole('textbox', { name: 'cell [1, 0]' });
    expect(cells).toContainElement(cell);
    await user.clear(cell);
    await user.type(cell, '7');
    expect(editor.state.doc.present.nodes[0].value).toEqual({ shape: [2, 2], data: [3, 3, 7, 3] });
    select('m');
    const cellsShown = within(screen.getByTestId('inspector-value')).getAllByText(/^\d+$/);
    expect(cellsShown.map((c) => c.textContent)).toEqual(['12', '12', '28', '12']);
    select('a');
    const shape = screen.getByRole('textbox', { name: 'Shape' });
    await user.clear(shape);
    await user.type(shape, '3×227×227');
    expect(editor.state.doc.present.nodes[0].value).toEqual({ shape: [3, 227, 227], init: 'uniform', seed: 0, scale: 1 });
    expect(screen.getByRole('radio', { name: 'Initializer' })).toBeChecked();
    await user.type(screen.getByRole('textbox', { name: 'Seed' }), '4');
    expect(editor.state.doc.present.nodes[0].value).toMatchObject({ seed: 4 });
  });
});
