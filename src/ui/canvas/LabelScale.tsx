import { useStore } from '@xyflow/react';
import { useLayoutEffect } from 'react';
import { useLabelLayer } from './label-layer';

/** The smallest an edge label's text may be on screen, in CSS pixels: they are the main content. */
export const LABEL_SCREEN_PX = 12;

/**
 * How much larger than at 100% the labels are drawn at this zoom, so their text stays at least
 * LABEL_SCREEN_PX on screen when zoomed out. Rounded up to twentieths so that zooming restyles
 * the labels a few times, not at every frame.
 */
export const labelScale = (zoom: number): number => (zoom >= 1 ? 1 : Math.ceil(20 / zoom) / 20);

/** Sets the label layer's --label-scale (styles.css multiplies the label font by it). */
export function LabelScale() {
  const layer = useLabelLayer();
  const scale = useStore((s) => labelScale(s.transform[2]));
  useLayoutEffect(() => layer?.style.setProperty('--label-scale', String(scale)), [layer, scale]);
  return null;
}
