// @vitest-environment jsdom
import '../test-setup';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Inspector } from '../panels/Inspector';
import { editor } from '../editor';
import { connectEdge } from '../store/edits';
import { productDoc, renderEditor } from '../test-utils';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

describe('the function panel', () => {
  beforeEach(() => editor.reset(productDoc()));

  it('checks a definition as it is typed, previews its body, defines it, and a call of it evaluates and expands', async () => {
    const user = userEvent.setup();
    renderEditor(<Inspector />);
    await user.type(screen.getByLabelText('function name'), 'sigmoid');
    expect(screen.getByText('"sigmoid" is a built-in function; choose another name')).toBeVisible();
    await user.clear(screen.getByLabelText('function name'));
    await user.type(screen.getByLabelText('function name'), 'swish');
    await user.type(screen.getByLabelText('function args'), 'u');
    await user.type(screen.getByLabelText('function body'), 'u * sigmoid(v)');
    expect(screen.getByText('"v" is not an argument of swish (arguments: u)')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Define' })).toBeDisabled();
    await user.clear(screen.getByLabelText('function body'));
    await user.type(screen.getByLabelText('function body'), 'u * sigmoid(u)');
    expect(screen.getByLabelText('body preview')).toHaveTextContent('g2 = sigmoid(u)g3 = u * g2');
    await user.click(screen.getByRole('button', { name: 'Define' }));
    expect(editor.state.doc.present.functions).toEqual([{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }]);

    await user.click(screen.getByRole('button', { name: 'Insert call' }));
    expect(editor.state.doc.selectedNodes).toEqual(['swish1']);
    act(() => {
      editor.commit('wire', connectEdge({ source: 'm', target: 'swish1', port: 'u' }));
      editor.commit('output', (d) => void (d.output = 'swish1'));
    });
    // a × b = 12, so swish(12) = 12 σ(12).
    await waitFor(() => expect(editor.state.results.byId.get('swish1')?.value).toBeCloseTo(12 * sigmoid(12), 12));
    expect(screen.getByRole('heading', { name: /· swish$/ })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Expand: step through the body' }));
    expect(editor.state.doc.present.nodes.find((n) => n.id === 'swish1')?.expanded).toBe(true);
    await waitFor(() => expect(editor.state.results.byId.get('swish1/mul1')?.label).toBe('f5'));
    expect(editor.state.results.byId.get('swish1/sigmoid1')?.label).toBe('f4');
    await user.click(screen.getByRole('button', { name: 'Collapse: one step' }));
    expect(editor.state.doc.present.nodes.find((n) => n.id === 'swish1')?.expanded).toBeUndefined();
  });
});
