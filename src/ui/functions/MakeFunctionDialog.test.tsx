// @vitest-environment jsdom
import '../test-setup';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formulaToDocument } from '../../graph/formula-to-graph';
import { COMMANDS } from '../commands';
import { editor } from '../editor';
import { renderEditor } from '../test-utils';
import { MakeFunctionDialog } from './MakeFunctionDialog';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const run = (id: string) => COMMANDS.find((c) => c.id === id)?.run({} as never);

describe('Make function from the selection', () => {
  // x · sigmoid(x) + y at x = 0.7, y = -1.3: ids x y sigmoid1 mul1 add1.
  beforeEach(() => editor.reset(formulaToDocument('x * sigmoid(x) + y', { values: { x: 0.7, y: -1.3 } })));

  it('names the function, replaces the selection by one call with the same value, and undoes as one edit', async () => {
    const user = userEvent.setup();
    renderEditor(<MakeFunctionDialog />);
    await waitFor(() => expect(editor.state.results.outputId).toBe('add1'));
    const before = editor.state.results.byId.get('add1')?.value;
    expect(before).toBeCloseTo(0.7 * sigmoid(0.7) - 1.3, 14);

    act(() => {
      editor.select(['sigmoid1', 'mul1', 'add1']);
      run('make-function');
    });
    // The name must not clash with a built-in.
    await user.clear(await screen.findByLabelText('function name'));
    await user.type(screen.getByLabelText('function name'), 'silu');
    expect(screen.getByRole('alert')).toHaveTextContent('"silu" is a built-in function; choose another name');
    expect(screen.getByRole('button', { name: 'Make function' })).toBeDisabled();
    await user.clear(screen.getByLabelText('function name'));
    await user.type(screen.getByLabelText('function name'), 'shifted');
    expect(screen.getByTestId('make-function-preview')).toHaveTextContent('shifted(x, y) = x * sigmoid(x) + y');
    await user.click(screen.getByRole('button', { name: 'Make function' }));

    expect(screen.queryByRole('dialog')).toBeNull();
    const doc = editor.state.doc.present;
    expect(doc.functions).toEqual([{ name: 'shifted', args: ['x', 'y'], body: 'x * sigmoid(x) + y' }]);
    expect(doc.nodes.map((n) => n.id)).toEqual(['x', 'y', 'call1']);
    expect(doc.output).toBe('call1');
    expect(editor.state.doc.selectedNodes).toEqual(['call1']);
    await waitFor(() => expect(editor.state.results.outputId).toBe('call1'));
    expect(editor.state.results.byId.get('call1')?.value).toBe(before);

    editor.undo();
    expect(editor.state.doc.present.functions).toBeUndefined();
    expect(editor.state.doc.present.nodes.map((n) => n.id)).toEqual(['x', 'y', 'sigmoid1', 'mul1', 'add1']);
  });

  it('a selection that is not connected is refused with the reason, and nothing changes', async () => {
    renderEditor(<MakeFunctionDialog />);
    await waitFor(() => expect(editor.state.results.byId.get('sigmoid1')?.label).toBe('f3'));
    act(() => {
      editor.select(['sigmoid1', 'add1']);
      run('make-function');
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'the selection is not connected ({f3} and {f5}): a function is one connected group',
    );
    const doc = editor.state.doc.present;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(editor.state.doc.present).toBe(doc);
  });
});
