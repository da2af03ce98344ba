/** Whether this browser has seen the start screen: set when it is closed, in whatever way. */
export const WELCOME_KEY = 'backprop-studio.welcome';

/** True on a first visit: nothing recorded yet. Storage that cannot be read counts as seen, so nothing nags. */
export function isFirstVisit(storage: Storage | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(WELCOME_KEY) === null;
  } catch {
    return false;
  }
}

export function markVisited(storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(WELCOME_KEY, 'seen');
  } catch {
    // Private modes may refuse to store: the start screen then shows again next time, which is harmless.
  }
}
