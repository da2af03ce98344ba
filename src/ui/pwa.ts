import { registerSW } from 'virtual:pwa-register';
import { editor } from './editor';

/**
 * Registers the service worker that precaches the app (every chunk, font and example), so after
 * one visit the editor works with no network. A new deployment waits until the user reloads,
 * which a notice offers; nothing open is lost, since the document is autosaved.
 */
export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const update = registerSW({
    onNeedRefresh() {
      editor.notify('A new version of Backprop Studio is ready.', 'info', undefined, { label: 'Reload', run: () => void update(true) });
    },
  });
}
