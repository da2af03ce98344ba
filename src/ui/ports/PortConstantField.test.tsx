// @vitest-environment jsdom
import '../test-setup';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { editor } from '../editor';
import { Inspector } from '../panels/Inspector';
import { productDoc, renderEditor } from '../test-utils';

/** a × b with port a's edge removed: m = (number in a) · b, b = 4. */
const halfConnected = () => {
  const doc = productDoc();
  return { ...doc, edges: doc.edges.filter((e) => e.port !== 'a') };
};

describe('typing a number into an unconnected port', () => {
  beforeEach(() => editor.reset(halfConnected()));

  it('stores it on the node, evaluates the op with it, and numbers nothing new', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    act(() => editor.select(['m']));
    expect(screen.getByRole('note')).toHaveTextContent('input "a" is not connected');
    const field = screen.getByLabelText('number in a');
    await user.type(field, '-2.5');
    expect(editor.state.doc.present.nodes[2].constants).toEqual({ a: -2.5 });
    // m = -2.5 · 4 = -10; ∂m/∂b = -2.5, and m keeps its number f3 (a is f1, b is f2).
    expect(screen.getByTestId('inspector-value')).toHaveTextContent(/^-10$/);
    expect(screen.getByRole('heading', { name: 'f3 · Multiply' })).toBeVisible();
    act(() => editor.select(['b']));
    expect(screen.getByTestId('inspector-grad')).toHaveTextContent(/^-2.5$/);
  });

  it('keeps an unfinished entry without committing it, and clearing the field removes the number', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    act(() => editor.select(['m']));
    const field = screen.getByLabelText('number in a');
    await user.type(field, '3');
    expect(editor.state.doc.present.nodes[2].constants).toEqual({ a: 3 });
    await user.type(field, 'e');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('enter a number, or leave it empty')).toBeVisible();
    expect(editor.state.doc.present.nodes[2].constants).toEqual({ a: 3 });
    await user.clear(field);
    expect(editor.state.doc.present.nodes[2].constants).toBeUndefined();
  });

  it('gives way to an edge connected into the port', async () => {
    renderEditor(<Inspector />);
    act(() => editor.select(['m']));
    await userEvent.setup().type(screen.getByLabelText('number in a'), '2');
    act(() => editor.connect({ source: 'a', target: 'm', sourceHandle: 'out', targetHandle: 'a' }));
    expect(editor.state.doc.present.nodes[2].constants).toBeUndefined();
    expect(screen.queryByLabelText('number in a')).toBeNull();
    expect(screen.getByTestId('inspector-value')).toHaveTextContent(/^12$/);
  });
});
