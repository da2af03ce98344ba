import { PathIcon } from '../icons';

/** Transport icons on a 24-unit grid, drawn in the current text colour. */
const PATHS = {
  play: 'M7 4.5v15l12-7.5z',
  pause: 'M7 5h3.5v14H7z M13.5 5H17v14h-3.5z',
  stepForward: 'M5 5v14l9-7z M17 5v14',
  stepBack: 'M19 5v14l-9-7z M7 5v14',
  reset: 'M4 5v14 M20 5v14L9 12z',
  forward: 'M3 12h15 M13 7l5 5-5 5',
  backward: 'M21 12H6 M11 7l-5 5 5 5',
  exit: 'M6 6l12 12 M18 6L6 18',
  explain: 'M4 5h16v11H9l-5 4z M8 9h8 M8 12h5',
} as const;

export type PlaybackIconName = keyof typeof PATHS;

export function PlaybackIcon({ name, size = 16 }: { name: PlaybackIconName; size?: number }) {
  return <PathIcon d={PATHS[name]} size={size} filled={name === 'play' || name === 'pause'} />;
}
