import { easeCubicInOut, now, timer } from 'd3';
import { useEffect, useRef } from 'react';
import { editor } from '../editor';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A small dot carrying a step's value along its edge: forward from source to target, backward
 * from target to source. It follows the edge's path (getPointAtLength on a detached copy, so no
 * layout is forced) on d3's timer, timed from the moment the step started, so every pulse of a
 * step lands when its value appears. It is an HTML element on its own compositor layer in the
 * label layer: moving it each frame repaints nothing under it.
 */
export function Pulse({ edge, path, backward }: { edge: string; path: string; backward: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const dot = ref.current;
    const curve = document.createElementNS(SVG, 'path');
    curve.setAttribute('d', path);
    if (!dot || typeof curve.getTotalLength !== 'function') return;
    const { startedAt, travelMs } = editor.state.playback;
    const length = curve.getTotalLength();
    const place = (t: number) => {
      const p = curve.getPointAtLength((backward ? 1 - t : t) * length);
      dot.style.transform = `translate(${p.x}px, ${p.y}px)`;
    };
    place(0);
    dot.style.visibility = 'visible';
    const clock = timer(() => {
      const t = Math.min(1, (now() - startedAt) / travelMs);
      place(easeCubicInOut(t));
      if (t < 1) return;
      clock.stop();
      dot.style.visibility = 'hidden';
    });
    return () => clock.stop();
  }, [path, backward]);
  return <div ref={ref} className={`pulse pulse--${backward ? 'bwd' : 'fwd'}`} data-edge={edge} aria-hidden="true" />;
}
