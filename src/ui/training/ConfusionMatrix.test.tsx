// @vitest-environment jsdom
import '../test-setup';
import { render, screen, within } from '@testing-library/react';
import { heldOutAccuracy } from '../../graph/optim/accuracy';
import { graph, inp } from '../../../tests/doc-builder';
import { ConfusionMatrix } from './ConfusionMatrix';

/**
 * Seven samples whose class scores are the data themselves, all held out: the predicted class of
 * each row is its largest score (the first on a tie), so the matrix is known by hand.
 */
const SCORES = [
  [5, 1, 0], // true 0, predicted 0
  [0, 3, 1], // true 0, predicted 1
  [0, 2, 9], // true 1, predicted 2
  [1, 4, 2], // true 1, predicted 1
  [0, 0, 7], // true 2, predicted 2
  [6, 0, 1], // true 2, predicted 0
  [2, 2, 0], // true 1, a tie of 0 and 1: predicted 0
];
const LABELS = [0, 0, 1, 1, 2, 2, 1];
const BY_HAND = [
  [1, 1, 0],
  [1, 1, 1],
  [1, 0, 1],
];

const doc = {
  ...graph(
    [inp('X', { shape: [7, 3], data: SCORES.flat() }), inp('y', { shape: [7], data: LABELS }), ['L', 'crossEntropy']],
    [
      ['X', 'L', 'logits'],
      ['y', 'L', 'target'],
    ],
  ),
  training: { optimizer: { name: 'sgd' as const, lr: 0.1 }, data: { inputs: ['X', 'y'], batchSize: 7, seed: 0, heldOut: 7 } },
};

describe('the held-out confusion matrix', () => {
  it('counts each true class against each predicted one, as worked out by hand, and lists the mistakes', () => {
    const acc = heldOutAccuracy(doc);
    expect(acc.confusion).toEqual(BY_HAND);
    expect([acc.correct, acc.total]).toEqual([3, 7]);
    expect(acc.mistakes).toEqual([
      { index: 1, label: 0, predicted: 1 },
      { index: 2, label: 1, predicted: 2 },
      { index: 5, label: 2, predicted: 0 },
      { index: 6, label: 1, predicted: 0 },
    ]);
  });

  it('shows every count as a number, with row and column totals', () => {
    render(<ConfusionMatrix result={heldOutAccuracy(doc)} />);
    const table = screen.getByRole('table', { name: 'Confusion matrix of the held-out samples' });
    expect(within(table).getByText(/3 of 7 right/)).toBeInTheDocument();
    const cell = (t: number, p: number) => table.querySelector(`td[data-true="${t}"][data-predicted="${p}"]`)?.textContent;
    expect(BY_HAND.map((row, t) => row.map((_, p) => Number(cell(t, p))))).toEqual(BY_HAND);
    const rows = within(table).getAllByRole('row');
    // Header, three classes, totals: each class row ends with its count of samples (2, 3, 2).
    expect(rows).toHaveLength(5);
    expect(rows.slice(1, 4).map((r) => r.lastElementChild?.textContent)).toEqual(['2', '3', '2']);
    expect(Array.from(rows[4].querySelectorAll('td'), (td) => td.textContent)).toEqual(['3', '2', '2', '7']);
    expect(cell(1, 2)).toBe('1');
    expect(table.querySelector('td[data-true="1"][data-predicted="2"]')).toHaveAttribute('title', 'true 1, predicted 2: 1');
  });
});
