import { useEffect } from 'react';
import { COMMANDS, type CommandContext } from './commands';
import { editor } from './editor';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** True when a keyboard event is exactly this shortcut ("mod+shift+z"). */
export function matchesKey(e: KeyboardEvent, spec: string): boolean {
  const parts = spec.split('+');
  const key = parts[parts.length - 1];
  const mods = new Set(parts.slice(0, -1));
  const mod = e.ctrlKey || e.metaKey;
  if (mod !== mods.has('mod') || e.altKey !== mods.has('alt')) return false;
  // Shift matters for letters and named keys; for "+", "/" and the like it depends on the layout.
  if (/^[a-z]$|^[A-Z][a-z]+$/.test(key) && e.shiftKey !== mods.has('shift')) return false;
  return (e.key === ' ' ? 'Space' : e.key).toLowerCase() === key.toLowerCase();
}

/** A shortcut as people read it: "Ctrl+Shift+Z", "⌘Z". */
export function keyLabel(spec: string): string {
  return spec
    .split('+')
    .map((p) => (p === 'mod' ? (isMac ? '⌘' : 'Ctrl') : p === 'shift' ? (isMac ? '⇧' : 'Shift') : p.length === 1 ? p.toUpperCase() : p))
    .join(isMac ? '' : '+');
}

/** A shortcut in aria-keyshortcuts syntax: "Control+Shift+Z". */
export const ariaKeys = (spec: string): string =>
  spec
    .split('+')
    .map((p) => (p === 'mod' ? 'Control' : p === 'shift' ? 'Shift' : p.length === 1 ? p.toUpperCase() : p))
    .join('+');

const isEditable = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** Space and Enter on a focused button press that button, not a shortcut. */
const pressesButton = (e: KeyboardEvent): boolean =>
  (e.key === ' ' || e.key === 'Enter') &&
  e.target instanceof HTMLElement &&
  e.target.closest('button, [role="button"], a[href], summary') !== null;

/** Runs commands from the keyboard while focus is not in a text field or an open dialog; `only` limits which (the embed view). */
export function useCommandKeys(ctx: CommandContext, only?: ReadonlySet<string>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isEditable(e.target) || pressesButton(e)) return;
      if (e.target instanceof HTMLElement && e.target.closest('[role="dialog"], [role="menu"]')) return;
      // On a focused node the arrow keys move it; playback steps with , and . there.
      if (e.key.startsWith('Arrow') && e.target instanceof HTMLElement && e.target.closest('.react-flow__node')) return;
      const cmd = COMMANDS.find((c) => (!only || only.has(c.id)) && c.keys?.some((k) => matchesKey(e, k)));
      if (!cmd || (cmd.enabled && !cmd.enabled(editor.state))) return;
      e.preventDefault();
      cmd.run(ctx);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctx, only]);
}
