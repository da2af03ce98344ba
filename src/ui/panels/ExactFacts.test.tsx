// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, screen, waitFor, within } from '@testing-library/react';
import { firstDocument } from '../examples';
import { Inspector } from './Inspector';
import { productDoc, renderEditor } from '../test-utils';
import { EXACT_DELAY_MS } from '../exam/exact-store';

const LOAD = { timeout: 20_000 };
const select = (id: string) => act(() => editor.select([id]));

function p1() {
  const doc = firstDocument();
  if (!doc) throw new Error('P1 is bundled');
  return doc;
}

describe('exact forms in the inspector', () => {
  it('shows P1’s b1 as −6 ln 2 beside its decimal, and df/dx as a formula of the inputs', async () => {
    editor.reset(p1());
    renderEditor(<Inspector />);
    select('x');
    // The decimals are there at once; the exact forms once mathjs has loaded.
    expect(screen.getByTestId('inspector-grad')).toHaveTextContent('-4.1588830833596715');
    const exact = screen.getByRole('region', { name: 'Exact forms' });
    expect(within(exact).getByRole('status')).toHaveTextContent('Working out exact forms');
    const b1 = await screen.findByTestId('exact-grad', {}, LOAD);
    expect(b1).toHaveAttribute('data-text', '-6 ln 2');
    expect(within(exact).getByText(/≈ −4\.159/)).toBeVisible();
    expect(screen.getByTestId('exact-value')).toHaveAttribute('data-text', '2');
    expect(screen.getByTestId('exact-analytic')).toHaveAttribute('data-text', 'ln 2 · z · 2^(x - y)');
    expect(within(exact).getByText('∂f7/∂x')).toBeVisible();
    // KaTeX typesets the forms once it has loaded too.
    await waitFor(() => expect(b1.querySelector('.katex')).not.toBeNull(), LOAD);
  }, 30_000);

  it('works the forms out again after an edit, never showing stale ones', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      editor.reset(productDoc());
      renderEditor(<Inspector />);
      select('a');
      expect(await screen.findByTestId('exact-grad', {}, LOAD)).toHaveAttribute('data-text', '4');
      act(() =>
        editor.commit('Set b', (d) => {
          d.nodes[1].value = 0.5;
        }),
      );
      expect(screen.queryByTestId('exact-grad')).toBeNull();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(EXACT_DELAY_MS);
      });
      expect(await screen.findByTestId('exact-grad', {}, LOAD)).toHaveAttribute('data-text', '1/2');
    } finally {
      vi.useRealTimers();
    }
  }, 30_000);

  it('says nothing about exact forms for a tensor graph', async () => {
    editor.reset({
      ...productDoc(),
      nodes: productDoc().nodes.map((n) => (n.id === 'a' ? { ...n, value: { shape: [2], data: [1, 2] } } : n)),
    });
    renderEditor(<Inspector />);
    select('a');
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Exact forms' })).toBeNull(), LOAD);
  }, 30_000);
});
