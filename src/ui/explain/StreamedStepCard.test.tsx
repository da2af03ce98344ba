// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { heavyConvSum } from '../../../tests/doc-builder';
import type { TraceReply } from '../eval/protocol';
import { evalFingerprint } from '../eval/fingerprint';
import { answer } from '../worker/answer';
import { traceArrived, traceStarted } from '../playback/stream-receive';
import { PredictField } from '../playback/PredictField';
import { noCanvas, reduceMotion, updatesFromTimers } from '../playback/test-helpers';
import { ExplainDrawer } from './ExplainDrawer';

noCanvas();

/**
 * x (16×32×32, all 0.5) through a 16 → 32 3×3 convolution (padding 1, weights all 0.1, no bias),
 * summed, times k = 0.001: 4.75M multiply-adds, so the worker traces it. By hand: an output cell
 * is 0.1 · 0.5 · 16 · (its taps inside the image), 4 at a corner, 9 inside: min 3.2, max 7.2; a
 * row has 30 · 3 + 2 · 2 = 94 taps, a plane 94² = 8836, so a channel sums 0.8 · 8836 = 7068.8,
 * the mean is 7068.8 / 1024 = 6.903125 and the 32 channels sum to f6 = 226201.6; f7 = 226.2016.
 */
const doc = heavyConvSum();

/** The worker's real messages for the document, as the page receives them. */
const messages: TraceReply[] = [];
beforeAll(() => {
  answer({ generation: 1, doc }, (m) => messages.push(structuredClone(m)));
});

const card = () => screen.getByTestId('step-card');
const text = () => within(card()).getByTestId('step-explanation').getAttribute('data-text');
const stats = (name: string) =>
  within(screen.getByRole('figure', { name: `${name}, summarized` }))
    .getAllByRole('definition')
    .map((d) => d.getAttribute('title') ?? d.textContent);

describe('a step streamed from the worker', () => {
  beforeEach(() => {
    updatesFromTimers();
    reduceMotion(true);
    editor.reset(doc);
    traceStarted(editor, evalFingerprint(doc));
    messages.forEach((m) => traceArrived(editor, evalFingerprint(doc), m.chunk));
  });
  afterEach(() => editor.reset());

  it('is written out as a traced step is: numbers where the worker sent them, shapes and a summary where it did not', () => {
    render(<ExplainDrawer />);
    act(() => editor.playback.seek(5));
    expect(screen.getByRole('heading', { name: 'Step 5 of 14 · forward · f5 · Conv2d' })).toBeVisible();
    expect(text()).toBe('f5 = conv2d(f1, f2, f3): 16×32×32, 32×16×3×3, 32 → 32×32×32');
    expect(within(card()).getByRole('complementary', { name: 'Local derivative rule' })).toHaveTextContent(
      /∂L\/∂W = ∂L\/∂y · im2col\(x\)ᵀ/,
    );
    expect(screen.getByTestId('why-no-numbers')).toHaveTextContent(
      'Numbers are not shown: f5 (32×32×32, 32,768 elements) is larger than the 16,384 elements the evaluation worker sends whole, ' +
        'so the step carries its shape, min, max, mean and a thumbnail instead.',
    );
    const [shape, min, max, mean] = stats('f5');
    expect(shape).toBe('32×32×32');
    [min, max, mean].map(Number).forEach((v, i) => expect(v).toBeCloseTo([3.2, 7.2, 6.903125][i], 10));

    act(() => editor.playback.seek(7));
    expect(text()).toBe('f7 = f6 * f4 = 2.262e+5 * 0.001 = 226.2');
    expect(screen.queryByTestId('why-no-numbers')).toBeNull();
    act(() => editor.playback.seek(10));
    expect(text()).toBe('b5 = b6 through sum (scalar → 32×32×32)');
    stats('b5')
      .slice(1)
      .map(Number)
      .forEach((v) => expect(v).toBeCloseTo(0.001, 15));
  });

  it('has predict mode: a number the worker sent is graded, a tensor is stepped over', async () => {
    const user = userEvent.setup();
    render(
      <>
        <PredictField />
        <ExplainDrawer />
      </>,
    );
    act(() => editor.playback.setPredict(true));
    expect(screen.getByText('f1 is a tensor: step on to see it.')).toBeVisible();
    act(() => editor.playback.seek(5));
    await user.type(screen.getByRole('textbox', { name: 'Predict f6 =' }), '226201.6{Enter}');
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent(/^✓ Right: f6 = 2\.262e\+5$/);
    expect(editor.state.playback.step).toBe(6);
    await user.type(screen.getByRole('textbox', { name: 'Predict f7 =' }), '300{Enter}');
    expect(screen.getByTestId('predict-verdict')).toHaveTextContent('✗ Not quite: f7 = 226.2, not 300');
    expect(screen.getByTestId('playback-score')).toHaveTextContent('1 / 2 right');
    await waitFor(() => expect(text()).toBe('f7 = f6 * f4 = 2.262e+5 * 0.001 = 226.2'));
  });
});
