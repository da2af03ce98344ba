// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { productDoc } from '../test-utils';
import { parseValues } from './formula-values';

describe('Formula box', () => {
  beforeEach(() => {
    localStorage.clear();
    editor.reset(productDoc());
  });

  it('builds P1 from z * 2^(x - y) at x=2, y=1, z=-3, numbered as the exam does', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByRole('textbox', { name: 'Formula' }), 'z * 2^(x - y)');
    await user.type(screen.getByRole('textbox', { name: 'Input values' }), 'x=2, y=1, z=-3');
    await user.click(screen.getByRole('button', { name: 'Build graph' }));
    const doc = editor.state.doc.present;
    expect(doc.nodes.map((n) => n.op)).toEqual(['input', 'input', 'input', 'neg', 'add', 'expBase', 'mul']);
    expect(screen.getByTestId('status-output')).toHaveTextContent('−6');
    expect(editor.state.doc.past.map((e) => e.label)).toEqual(['Build from formula']);
  });

  it('calls the functions the open document defines, and the new graph keeps them', async () => {
    editor.reset({ ...productDoc(), functions: [{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }] });
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByRole('textbox', { name: 'Formula' }), 'swish(x) + x');
    await user.type(screen.getByRole('textbox', { name: 'Input values' }), 'x=2');
    await user.click(screen.getByRole('button', { name: 'Build graph' }));
    const doc = editor.state.doc.present;
    expect(doc.nodes.map((n) => n.op)).toEqual(['input', 'call', 'add']);
    expect(doc.functions).toEqual([{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }]);
    // 2 σ(2) + 2 = 3.7616, shown to 4 significant digits
    expect(screen.getByTestId('status-output')).toHaveTextContent((2 / (1 + Math.exp(-2)) + 2).toPrecision(4));
  });

  it('points at the column of a syntax error and keeps the graph', async () => {
    const user = userEvent.setup();
    render(<App />);
    const formula = screen.getByRole('textbox', { name: 'Formula' });
    await user.type(formula, 'x * (y + ');
    await user.click(screen.getByRole('button', { name: 'Build graph' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/Formula: column \d+/);
    expect(formula).toBeInvalid();
    expect(editor.state.doc.present.title).toBe('Product');
  });

  it('explains values it cannot read', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByRole('textbox', { name: 'Formula' }), 'x + y');
    await user.type(screen.getByRole('textbox', { name: 'Input values' }), 'x=2, y=');
    await user.click(screen.getByRole('button', { name: 'Build graph' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Values: could not read "y=": write name = number, e.g. x = 2');
  });

  it('reads values separated by commas, semicolons or spaces', () => {
    expect(parseValues('x=2, y = -1; z=1e3 w=−4')).toEqual({ ok: true, values: { x: 2, y: -1, z: 1000, w: -4 } });
    expect(parseValues('')).toEqual({ ok: true, values: {} });
  });
});
