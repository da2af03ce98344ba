// @vitest-environment jsdom
import '../test-setup';
import { act, render, screen, waitFor } from '@testing-library/react';
import { editor } from '../editor';
import { NodeLabel } from './NodeLabel';

describe('a node label in the named notation', () => {
  beforeEach(() => editor.reset());

  it('is typeset by KaTeX from the sanitised TeX, and printed as written in the other notations', async () => {
    render(<NodeLabel text="w^{(1)}_{11}" />);
    expect(screen.getByTestId('node-label')).toHaveTextContent(/^w\^\{\(1\)\}_\{11\}$/);
    act(() => editor.set('notation', { notation: 'named' }));
    await waitFor(() => expect(screen.getByTestId('node-label').querySelector('.katex')).not.toBeNull());
    const label = screen.getByTestId('node-label');
    expect(label.querySelector('annotation')?.textContent).toBe('w^{(1)}_{11}');
    expect(label.querySelectorAll('msubsup')).toHaveLength(1);
  });

  it('never lets a label run a command: \\href and \\input come out as text', async () => {
    act(() => editor.set('notation', { notation: 'named' }));
    render(<NodeLabel text={'\\href{javascript:alert(1)}{x}\\input{a}'} />);
    await waitFor(() => expect(screen.getByTestId('node-label').querySelector('.katex')).not.toBeNull());
    const label = screen.getByTestId('node-label');
    expect(label.querySelector('a')).toBeNull();
    expect(label.querySelector('annotation')?.textContent).toBe('\\backslash hrefjavascript:alert(1)x\\backslash inputa');
  });
});
