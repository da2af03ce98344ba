import { memo, useLayoutEffect, useRef } from 'react';
import { paintPlane, type Plane, type Side } from './heatmap';
import './plots.css';

export interface HeatmapProps {
  readonly plane: Plane;
  readonly side: Side;
  /** The longer side on screen, in CSS pixels; the other follows the plane's aspect ratio. */
  readonly size: number;
  readonly label: string;
}

/** A plane drawn one pixel per cell on a <canvas>, scaled up without smoothing. */
function HeatmapView({ plane, side, size, label }: HeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(plane.w, plane.h);
    paintPlane(plane, side, image.data);
    ctx.putImageData(image, 0, 0);
  }, [plane, side]);
  const scale = size / Math.max(plane.h, plane.w);
  return (
    <canvas
      ref={ref}
      className="heatmap"
      width={plane.w}
      height={plane.h}
      style={{ width: Math.max(2, Math.round(plane.w * scale)), height: Math.max(2, Math.round(plane.h * scale)) }}
      role="img"
      aria-label={label}
    />
  );
}

export const Heatmap = memo(HeatmapView);
