import { easeCubicInOut, now, timer } from 'd3';
import { useEffect, useRef } from 'react';
import { usePlayback } from '../playback/store';

/**
 * A small circle carrying a step's value along its edge: forward from source to target, backward
 * from target to source. It follows the edge's drawn path (getPointAtLength) on d3's timer, timed
 * from the moment the step started, so every pulse of a step lands when its value appears.
 */
export function Pulse({ backward }: { backward: boolean }) {
  const ref = useRef<SVGCircleElement>(null);
  useEffect(() => {
    const circle = ref.current;
    const path = circle?.parentElement?.querySelector<SVGPathElement>('path.react-flow__edge-path');
    if (!circle || !path || typeof path.getTotalLength !== 'function') return;
    const { startedAt, travelMs } = usePlayback.getState();
    const length = path.getTotalLength();
    const place = (t: number) => {
      const p = path.getPointAtLength((backward ? 1 - t : t) * length);
      circle.setAttribute('transform', `translate(${p.x},${p.y})`);
    };
    place(0);
    circle.style.visibility = 'visible';
    const clock = timer(() => {
      const t = Math.min(1, (now() - startedAt) / travelMs);
      place(easeCubicInOut(t));
      if (t < 1) return;
      clock.stop();
      circle.style.visibility = 'hidden';
    });
    return () => clock.stop();
  }, [backward]);
  return <circle ref={ref} className={`pulse pulse--${backward ? 'bwd' : 'fwd'}`} r={6} aria-hidden="true" />;
}
