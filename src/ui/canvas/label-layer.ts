import { useStore } from '@xyflow/react';
import { createContext, useContext } from 'react';

/**
 * The element edge labels are portalled into: React Flow's own edge-label layer inside the
 * viewport, found once by the canvas. React Flow's EdgeLabelRenderer looks it up with a store
 * selector in every edge, so every store update (each pan frame) ran one querySelector per edge;
 * at 500 nodes that alone took most of the frame.
 */
export const LabelLayer = createContext<HTMLElement | null>(null);

export const useLabelLayer = (): HTMLElement | null => useContext(LabelLayer);

export const LABEL_LAYER_SELECTOR = '.react-flow__edgelabel-renderer';

/** Below this zoom the labels would be a few pixels high: they are not drawn at all. */
export const LABEL_MIN_ZOOM = 0.5;

/** True when the view is close enough for edge labels to be read (changes only at the threshold). */
export const useLabelsReadable = (): boolean => useStore((s) => s.transform[2] >= LABEL_MIN_ZOOM - ZOOM_SLACK);

/** A view fitted at the floor can land a hair below it (0.49995 after a fit with padding and rounding): still readable. */
const ZOOM_SLACK = 0.005;
