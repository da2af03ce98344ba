// @vitest-environment jsdom
import '../test-setup';
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { editor } from '../editor';
import { Scoreboard } from './Scoreboard';

describe('the class scoreboard', () => {
  afterEach(() => act(() => editor.reset()));

  it('lists nicknames with their right answers while the instructor shows it, and nothing otherwise', () => {
    const { container } = render(<Scoreboard />);
    expect(container.childElementCount).toBe(0);
    act(() =>
      editor.set('classroom', {
        scoreboard: [
          { nickname: 'Ann', correct: 3 },
          { nickname: 'Bob', correct: 1 },
        ],
      }),
    );
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['Ann: 3', 'Bob: 1']);
    expect(screen.getByRole('list', { name: 'Scoreboard' })).toBeTruthy();
    act(() => editor.set('classroom', { scoreboard: [] }));
    expect(container.childElementCount).toBe(0);
  });
});
