// @vitest-environment jsdom
import '../test-setup';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { editor } from '../editor';
import { App } from '../App';
import { freshBrowser } from '../library/test-library';
import { startEditor } from '../startup';
import { shareUrl } from '../share/link';
import { productDoc } from '../test-utils';
import { WELCOME_KEY } from './first-visit';

describe('the start screen', () => {
  beforeEach(() => {
    freshBrowser({ firstVisit: true });
    editor.reset();
    history.replaceState(null, '', '/');
  });

  it('opens on a first visit over P1, offers the examples by topic, and is not shown again once closed', async () => {
    const user = userEvent.setup();
    await startEditor();
    const { unmount } = render(<App />);
    const welcome = screen.getByRole('dialog', { name: 'Welcome to Backprop Studio' });
    expect(editor.state.doc.present.title).toBe('P1. Backprop on f = z · 2^(x − y)');
    const cnn = await within(welcome).findByRole('region', { name: 'CNN arithmetic' });
    expect(within(cnn).getByRole('button', { name: /^P4\./ })).toBeVisible();
    expect(within(welcome).getByRole('button', { name: 'Take the tour (1 minute)' })).toHaveFocus();
    await user.click(within(welcome).getByRole('button', { name: 'Start with P1' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(localStorage.getItem(WELCOME_KEY)).toBe('seen');
    unmount();
    editor.reset();
    await startEditor();
    expect(editor.state.ui.welcomeOpen).toBe(false);
  });

  it('closes with Escape, which counts as seen too', async () => {
    const user = userEvent.setup();
    await startEditor();
    render(<App />);
    await screen.findByRole('region', { name: 'Backprop by hand' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(localStorage.getItem(WELCOME_KEY)).toBe('seen');
  });

  it('stays out of the way of a first visit that follows a shared link', async () => {
    history.replaceState(null, '', new URL(shareUrl(productDoc())).hash);
    await startEditor();
    await waitFor(() => expect(editor.state.doc.present.title).toBe('Product'));
    expect(editor.state.ui.welcomeOpen).toBe(false);
  });
});
