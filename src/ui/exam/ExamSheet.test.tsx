// @vitest-environment jsdom
import '../test-setup';
import { editor } from '../editor';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { readExam } from '../../exam';
import { firstDocument } from '../examples';
import { ExamSheet } from './ExamSheet';

const LOAD = { timeout: 20_000 };

function p1() {
  const doc = firstDocument();
  if (!doc) throw new Error('P1 is bundled');
  return doc;
}

/** What the figure shows: the SVG behind the <img>, parsed, label text by blank name. */
function figureLabels(): Map<string, string> {
  const src = screen.getByTestId('exam-figure').getAttribute('src') ?? '';
  const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1));
  const xml = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return new Map([...xml.querySelectorAll('text[data-key]')].map((t) => [t.getAttribute('data-key') ?? '', t.textContent ?? '']));
}

const blanks = () => readExam(editor.state.doc.present).blanks;

describe('the exam sheet', () => {
  beforeEach(() => {
    editor.reset(p1());
    editor.exam.setView('student');
    act(() => editor.exam.open());
  });
  afterEach(() => act(() => editor.exam.close()));

  it('is a dialog with the title and description as the question, focus inside, closed by Escape', async () => {
    const user = userEvent.setup();
    render(<ExamSheet />);
    const dialog = screen.getByRole('dialog', { name: 'Exam sheet' });
    expect(within(dialog).getByRole('heading', { name: 'P1. Backprop on f = z · 2^(x − y)' })).toBeVisible();
    expect(within(dialog).getByText(/Compute f1\.\.f7 at x = 2/)).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Student' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('hides blanks on the student sheet and fills them in on the answers, by click or by key', async () => {
    const user = userEvent.setup();
    render(<ExamSheet />);
    await user.click(screen.getByRole('button', { name: 'Blank all b' }));
    expect(blanks()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']);
    expect(figureLabels().get('b1')).toBe('b1 = ');
    expect(figureLabels().get('f7')).toBe('f7 = −6');
    expect(screen.getByRole('button', { name: 'Student' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Answers' }));
    expect(screen.getByRole('button', { name: 'Answers' })).toHaveAttribute('aria-pressed', 'true');
    // Exact forms replace the decimals once mathjs has loaded.
    await waitFor(() => expect(figureLabels().get('b1')).toBe('b1 = −6 ln 2'), LOAD);
    expect(within(screen.getByTestId('answer-key')).getByRole('row', { name: 'b1 −6 ln 2 −4.159' })).toBeVisible();
    await user.keyboard('a');
    expect(screen.getByRole('button', { name: 'Student' })).toHaveAttribute('aria-pressed', 'true');
    expect(figureLabels().get('b1')).toBe('b1 = ');
    expect(screen.queryByTestId('answer-key')).toBeNull();
  }, 30_000);

  it('toggles one blank by clicking its label, as an undoable edit', async () => {
    const user = userEvent.setup();
    render(<ExamSheet />);
    const b4 = screen.getByRole('button', { name: 'Blank b4' });
    expect(b4).toHaveAttribute('aria-pressed', 'false');
    await user.click(b4);
    expect(blanks()).toEqual(['b4']);
    expect(b4).toHaveAttribute('aria-pressed', 'true');
    expect(figureLabels().get('b4')).toBe('b4 = ');
    expect(editor.state.doc.lastAction).toBe('Blank b4');
    // b1 = b5 = b4 and b2 = −b4 would give it away: they are hidden too, and the author is told.
    expect(screen.getByRole('note')).toHaveTextContent('Also hidden, as they would give a blank away: b1 (= b4), b2 (= −b4), b5 (= b4).');
    expect([figureLabels().get('b1'), figureLabels().get('b6')]).toEqual(['b1 = ', 'b6 = −3']);
    await user.click(screen.getByRole('button', { name: 'Blank f4' }));
    expect(blanks()).toEqual(['f4', 'b4']);
    await user.keyboard('{Control>}z{/Control}');
    expect(blanks()).toEqual(['b4']);
    await user.click(b4);
    expect(blanks()).toEqual([]);
    expect(editor.state.doc.present.meta).toBeUndefined();
    await user.click(screen.getByRole('button', { name: 'Blank all f' }));
    expect(blanks()).toEqual(['f4', 'f5', 'f6', 'f7']);
    await user.click(screen.getByRole('checkbox', { name: 'inputs too' }));
    await user.click(screen.getByRole('button', { name: 'Blank all f' }));
    expect(blanks()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7']);
    await user.click(screen.getByRole('button', { name: 'Clear blanks' }));
    expect(blanks()).toEqual([]);
  });

  it('downloads the answer key as Markdown with the exact forms', async () => {
    const user = userEvent.setup();
    const saved: Blob[] = [];
    const names: string[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      saved.push(b as Blob);
      return 'blob:answer-key';
    });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    try {
      render(<ExamSheet />);
      await user.click(screen.getByRole('button', { name: 'Blank all b' }));
      await user.click(screen.getByRole('button', { name: 'Answers' }));
      await waitFor(() => expect(figureLabels().get('b1')).toBe('b1 = −6 ln 2'), LOAD);
      await user.click(screen.getByRole('button', { name: 'Download answer key' }));
      expect(names).toEqual(['p1-backprop-on-f-z-2-x-y-answer-key.md']);
      const text = await saved[0].text();
      expect(text.split('\n').slice(0, 4)).toEqual([
        '| blank | exact | decimal |',
        '| --- | --- | --- |',
        '| b1 | -6 ln 2 | -4.159 |',
        '| b2 | 6 ln 2 | 4.159 |',
      ]);
      expect(text).toContain('| b6 | -3 | -3 |');
    } finally {
      create.mockRestore();
      revoke.mockRestore();
      click.mockRestore();
    }
  }, 30_000);
});
