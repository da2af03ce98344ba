/** Stroke icons on a 24-unit grid, drawn in the current text colour. */
const PATHS = {
  new: 'M6 3h8l4 4v14H6z M14 3v4h4 M12 11v6 M9 14h6',
  open: 'M3 7h6l2 2h10v10H3z M3 7V5h6l2 2',
  library: 'M4 7h11v14H4z M8 7V3h12v14h-5 M7 12h5 M7 16h5',
  download: 'M12 4v11 M7 10l5 5 5-5 M5 19h14',
  save: 'M12 4v11 M7 10l5 5 5-5 M5 19h14',
  fixture: 'M6 3h8l4 4v14H6z M14 3v4h4 M9 14l2 2 4-4',
  examples: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M13 13h7v7h-7z',
  undo: 'M9 14L4 9l5-5 M4 9h10.5a5.5 5.5 0 0 1 0 11H11',
  redo: 'M15 14l5-5-5-5 M20 9H9.5a5.5 5.5 0 0 0 0 11H13',
  delete: 'M5 7h14 M10 7V4h4v3 M7 7l1 13h8l1-13',
  duplicate: 'M8 8h11v11H8z M5 16V5h11',
  add: 'M12 5v14 M5 12h14',
  layout: 'M3 5h5v4H3z M3 15h5v4H3z M16 10h5v4h-5z M8 7h3v10H8 M11 12h5',
  fit: 'M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5',
  theme: 'M12 3a9 9 0 1 0 9 9 7 7 0 0 1-9-9z',
  close: 'M6 6l12 12 M18 6L6 18',
  warning: 'M12 3l10 18H2z M12 10v5 M12 18v.5',
  output: 'M12 3l2.6 5.6 6.1.7-4.5 4.2 1.2 6L12 16.6 6.6 19.5l1.2-6L3.3 9.3l6.1-.7z',
  exam: 'M6 3h12v18H6z M9 7.5h6 M9 11h2.5 M13 9.5h3v3h-3z M9 15h6 M9 18h3',
  function: 'M4 5h5v14H4 M20 5h-5v14h5 M9 12h6',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1 M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
} as const;

export type IconName = keyof typeof PATHS;

/** One path on the 24-unit grid in the current text colour; filled, or stroked as the app's icons are. */
export function PathIcon({ d, size, filled = false }: { d: string; size: number; filled?: boolean }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  );
}

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return <PathIcon d={PATHS[name]} size={size} />;
}
