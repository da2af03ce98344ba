import { useEffect } from 'react';
import { editor } from '../editor';

/** How long a finger rests on a node before its menu opens, and how far it may drift meanwhile. */
const LONG_PRESS_MS = 550;
const SLOP_PX = 10;
/** The node menu's size on a touch screen, with a margin (styles.css and layout.css). */
const MENU_SIZE = { w: 200, h: 170 };

/**
 * What a finger does on the canvas beyond React Flow's own pinch, pan and drag: a long press on a
 * node opens its menu (where a mouse right-clicks), and a tap on an edge label shows its full
 * value (where a mouse hovers). Pointer events from a mouse or pen are left alone.
 */
export function useTouchGestures(canvas: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let press: { id: number; x: number; y: number; timer: number; nodeId: string | null; label: HTMLElement | null } | null = null;
    // After a long press opens the menu, the lifted finger must not also click (and focus) the node,
    // which would close the menu again: its touchend is cancelled, and with it the compatibility mouse events.
    let swallowTouchEnd = false;
    const cancel = () => {
      if (press) window.clearTimeout(press.timer);
      press = null;
    };
    const onDown = (e: PointerEvent) => {
      cancel();
      swallowTouchEnd = false;
      if (e.pointerType !== 'touch' || !e.isPrimary || !(e.target instanceof Element)) return;
      const nodeId = e.target.closest('.react-flow__node')?.getAttribute('data-id') ?? null;
      const label = e.target.closest<HTMLElement>('.edge-label');
      const { clientX: x, clientY: y } = e;
      const timer = window.setTimeout(() => {
        press = null;
        if (!nodeId) return;
        swallowTouchEnd = true;
        // Opened where the finger is, but kept whole inside the window (a finger is often near its edge).
        const at = {
          x: Math.max(8, Math.min(x, window.innerWidth - MENU_SIZE.w)),
          y: Math.max(8, Math.min(y, window.innerHeight - MENU_SIZE.h)),
        };
        editor.set('ui', { menu: { nodeId, ...at }, quickAdd: null });
      }, LONG_PRESS_MS);
      press = { id: e.pointerId, x, y, timer, nodeId, label };
      if (editor.state.layout.tip && !label) editor.set('layout', { tip: null });
    };
    const onMove = (e: PointerEvent) => {
      if (press?.id === e.pointerId && Math.hypot(e.clientX - press.x, e.clientY - press.y) > SLOP_PX) cancel();
    };
    const onUp = (e: PointerEvent) => {
      if (press?.id !== e.pointerId) return;
      const { label } = press;
      cancel();
      const text = label?.getAttribute('title');
      if (!label || !text) return;
      const box = label.getBoundingClientRect();
      editor.set('layout', { tip: { text, x: box.left + box.width / 2, y: box.bottom + 6 } });
    };
    const onTouchEnd = (e: TouchEvent) => {
      if (!swallowTouchEnd) return;
      swallowTouchEnd = false;
      e.preventDefault();
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('touchend', onTouchEnd, { capture: true, passive: false });
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', cancel);
    return () => {
      cancel();
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('touchend', onTouchEnd, { capture: true });
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', cancel);
    };
  }, [canvas]);
}
