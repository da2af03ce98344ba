// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { productDoc } from '../test-utils';
import { addNodes, makeNode, setValue } from './edits';

const doc = () => editor.state.doc.present;
const valueOf = (id: string) => doc().nodes.find((n) => n.id === id)?.value;

describe('history: every document edit is undoable through immer patches', () => {
  beforeEach(() => editor.reset(productDoc()));

  it('undoes and redoes an edit', () => {
    const before = doc();
    editor.commit('Add', addNodes([makeNode(before, 'relu', { x: 0, y: 0 })]));
    expect(doc().nodes).toHaveLength(4);
    editor.undo();
    expect(doc()).toEqual(before);
    expect(editor.state.doc.future).toHaveLength(1);
    editor.redo();
    expect(doc().nodes.map((n) => n.op)).toEqual(['input', 'input', 'mul', 'relu']);
    expect(editor.state.doc.past.map((e) => e.label)).toEqual(['Add']);
  });

  it('merges keystrokes in one field into one entry, and a new edit clears redo', () => {
    editor.commit('Edit value', setValue('a', 1), { key: 'value:a' });
    editor.commit('Edit value', setValue('a', 12), { key: 'value:a' });
    editor.commit('Edit value', setValue('b', 7), { key: 'value:b' });
    expect(editor.state.doc.past).toHaveLength(2);
    editor.undo();
    editor.undo();
    expect(valueOf('a')).toBe(3);
    editor.redo();
    expect(valueOf('a')).toBe(12);
    editor.commit('Edit value', setValue('b', 9));
    expect(editor.state.doc.future).toHaveLength(0);
  });

  it('ignores edits that change nothing', () => {
    editor.commit('Edit value', setValue('a', 3));
    expect(editor.state.doc.past).toHaveLength(0);
  });

  it('commits a drag once, when it stops', () => {
    for (const x of [10, 20, 30]) editor.onNodesChange([{ type: 'position', id: 'a', position: { x, y: 5 }, dragging: true }]);
    expect(editor.state.doc.past).toHaveLength(0);
    expect(doc().nodes[0].position).toEqual({ x: 0, y: 0 });
    editor.onNodesChange([{ type: 'position', id: 'a', position: { x: 30, y: 5 }, dragging: false }]);
    expect(editor.state.doc.past.map((e) => e.label)).toEqual(['Move node']);
    expect(doc().nodes[0].position).toEqual({ x: 30, y: 5 });
    editor.undo();
    expect(editor.state.doc.flowNodes[0].position).toEqual({ x: 0, y: 0 });
  });

  it('replaces the whole document as one undoable step', () => {
    const before = doc();
    editor.commit('Open', () => ({ ...before, title: 'Other', nodes: [], edges: [] }));
    expect(doc().nodes).toHaveLength(0);
    editor.undo();
    expect(doc()).toEqual(before);
  });
});

describe('history from the keyboard', () => {
  beforeEach(() => {
    localStorage.clear();
    editor.reset(productDoc());
  });

  it('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, and the toolbar follows', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();
    act(() => editor.commit('Edit value', setValue('a', 5)));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeEnabled();
    await user.keyboard('{Control>}z{/Control}');
    expect(valueOf('a')).toBe(3);
    expect(screen.getByRole('button', { name: 'Redo' })).toBeEnabled();
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(valueOf('a')).toBe(5);
    await user.keyboard('{Control>}z{/Control}');
    await user.keyboard('{Control>}y{/Control}');
    expect(valueOf('a')).toBe(5);
  });

  it('Delete removes the selection; undo brings it back with its edges', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => editor.select(['b']));
    await user.keyboard('{Delete}');
    expect(doc().nodes.map((n) => n.id)).toEqual(['a', 'm']);
    expect(doc().edges).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(doc().edges).toHaveLength(2);
  });

  it('Ctrl+D duplicates the selection under fresh ids', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => editor.select(['a', 'm']));
    await user.keyboard('{Control>}d{/Control}');
    const ids = doc().nodes.map((n) => n.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(doc().edges).toHaveLength(3);
    expect(editor.state.doc.selectedNodes).toHaveLength(2);
  });
});
