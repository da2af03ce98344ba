import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';
import { editor } from '../editor';
import { fitReadable } from './fit-readable';
import { prefersReducedMotion } from '../playback/controller';

/** Within this many pixels of the canvas edge a node still counts as in view. */
const SLACK = 8;

/**
 * Entering playback opens the bar and the explanation under the canvas, which makes it shorter.
 * If the whole graph was in view before, it is fitted again once the canvas has its new size,
 * so nothing the learner was watching disappears below the panel.
 */
export function PlaybackFit() {
  const flow = useReactFlow();
  const store = useStoreApi();
  useEffect(
    () =>
      editor.subscribe(({ playback: s }, { playback: prev }) => {
        if (!s.active || prev.active) return;
        const { width, height, transform } = store.getState();
        const [tx, ty, zoom] = transform;
        const b = flow.getNodesBounds(flow.getNodes());
        const inView =
          b.x * zoom + tx >= -SLACK &&
          b.y * zoom + ty >= -SLACK &&
          (b.x + b.width) * zoom + tx <= width + SLACK &&
          (b.y + b.height) * zoom + ty <= height + SLACK;
        if (inView)
          requestAnimationFrame(() => requestAnimationFrame(() => void fitReadable(flow, store, prefersReducedMotion() ? 0 : 200)));
      }),
    [flow, store],
  );
  return null;
}
