// @vitest-environment jsdom
import '../test-setup';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { loadDoc, productDoc } from '../test-utils';
import { useEditor } from './editor';
import { addNodes, makeNode, setValue } from './edits';

const doc = () => useEditor.getState().present;
const valueOf = (id: string) => doc().nodes.find((n) => n.id === id)?.value;

describe('history: every document edit is undoable through immer patches', () => {
  beforeEach(() => loadDoc(productDoc()));

  it('undoes and redoes an edit', () => {
    const { commit, undo, redo } = useEditor.getState();
    const before = doc();
    commit('Add', addNodes([makeNode(before, 'relu', { x: 0, y: 0 })]));
    expect(doc().nodes).toHaveLength(4);
    undo();
    expect(doc()).toEqual(before);
    expect(useEditor.getState().future).toHaveLength(1);
    redo();
    expect(doc().nodes.map((n) => n.op)).toEqual(['input', 'input', 'mul', 'relu']);
    expect(useEditor.getState().past.map((e) => e.label)).toEqual(['Add']);
  });

  it('merges keystrokes in one field into one entry, and a new edit clears redo', () => {
    const { commit } = useEditor.getState();
    commit('Edit value', setValue('a', 1), { key: 'value:a' });
    commit('Edit value', setValue('a', 12), { key: 'value:a' });
    commit('Edit value', setValue('b', 7), { key: 'value:b' });
    expect(useEditor.getState().past).toHaveLength(2);
    useEditor.getState().undo();
    useEditor.getState().undo();
    expect(valueOf('a')).toBe(3);
    useEditor.getState().redo();
    expect(valueOf('a')).toBe(12);
    commit('Edit value', setValue('b', 9));
    expect(useEditor.getState().future).toHaveLength(0);
  });

  it('ignores edits that change nothing', () => {
    useEditor.getState().commit('Edit value', setValue('a', 3));
    expect(useEditor.getState().past).toHaveLength(0);
  });

  it('commits a drag once, when it stops', () => {
    const { onNodesChange } = useEditor.getState();
    for (const x of [10, 20, 30]) onNodesChange([{ type: 'position', id: 'a', position: { x, y: 5 }, dragging: true }]);
    expect(useEditor.getState().past).toHaveLength(0);
    expect(doc().nodes[0].position).toEqual({ x: 0, y: 0 });
    onNodesChange([{ type: 'position', id: 'a', position: { x: 30, y: 5 }, dragging: false }]);
    expect(useEditor.getState().past.map((e) => e.label)).toEqual(['Move node']);
    expect(doc().nodes[0].position).toEqual({ x: 30, y: 5 });
    useEditor.getState().undo();
    expect(useEditor.getState().flowNodes[0].position).toEqual({ x: 0, y: 0 });
  });

  it('replaces the whole document as one undoable step', () => {
    const before = doc();
    useEditor.getState().commit('Open', () => ({ ...before, title: 'Other', nodes: [], edges: [] }));
    expect(doc().nodes).toHaveLength(0);
    useEditor.getState().undo();
    expect(doc()).toEqual(before);
  });
});

describe('history from the keyboard', () => {
  beforeEach(() => {
    localStorage.clear();
    loadDoc(productDoc());
  });

  it('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, and the toolbar follows', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeDisabled();
    act(() => useEditor.getState().commit('Edit value', setValue('a', 5)));
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
    act(() => useEditor.getState().select(['b']));
    await user.keyboard('{Delete}');
    expect(doc().nodes.map((n) => n.id)).toEqual(['a', 'm']);
    expect(doc().edges).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(doc().edges).toHaveLength(2);
  });

  it('Ctrl+D duplicates the selection under fresh ids', async () => {
    const user = userEvent.setup();
    render(<App />);
    act(() => useEditor.getState().select(['a', 'm']));
    await user.keyboard('{Control>}d{/Control}');
    const ids = doc().nodes.map((n) => n.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(doc().edges).toHaveLength(3);
    expect(useEditor.getState().selectedNodes).toHaveLength(2);
  });
});
