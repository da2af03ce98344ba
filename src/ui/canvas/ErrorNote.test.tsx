// @vitest-environment jsdom
import '../test-setup';
import { act, screen } from '@testing-library/react';
import { FORMAT, VERSION, type GraphDocument } from '../../graph/schema';
import { editor } from '../editor';
import { renderEditor } from '../test-utils';
import { ErrorNote } from './ErrorNote';

/** ln(x) at x = −2, and a negation waiting on it. */
const doc: GraphDocument = {
  format: FORMAT,
  version: VERSION,
  title: 'log of a negative number',
  nodes: [
    { id: 'x', op: 'input', position: { x: 0, y: 0 }, value: -2 },
    { id: 'l', op: 'log', position: { x: 200, y: 0 } },
    { id: 'n', op: 'neg', position: { x: 400, y: 0 } },
  ],
  edges: [
    { source: 'x', target: 'l', port: 'u' },
    { source: 'l', target: 'n', port: 'u' },
  ],
  output: 'n',
};

describe('a node’s error: a badge of a few words, the whole message in its tip', () => {
  afterEach(() => act(() => editor.reset()));

  it('ln of −2: the badge says it is outside the domain; the tip, read as the badge’s description, says which number', () => {
    editor.reset(doc);
    renderEditor(
      <>
        <ErrorNote id="l" />
        <ErrorNote id="n" />
        <ErrorNote id="x" />
      </>,
    );
    const [log, neg] = screen.getAllByRole('note');
    expect(log.querySelector('.op-node__error-brief')).toHaveTextContent(/^outside domain$/);
    expect(log).toHaveAccessibleDescription('log of a non-positive number: -2');
    expect(neg.querySelector('.op-node__error-brief')).toHaveTextContent(/^waiting on f2$/);
    expect(neg).toHaveAccessibleDescription('waiting on f2, which is invalid');
    // The input has no problem: no note at all.
    expect(screen.getAllByRole('note')).toHaveLength(2);
  });
});
