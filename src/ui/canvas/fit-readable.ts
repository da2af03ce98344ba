import type { ReactFlowInstance, useStoreApi } from '@xyflow/react';
import { anchorReadable, placedBounds, READABLE_FIT } from './default-fit';

type Store = ReturnType<typeof useStoreApi>;

/**
 * Fits the graph at a zoom where its edge labels can be read; a graph too big for that is shown
 * from its inputs' edge (anchorReadable) rather than from its middle.
 */
export async function fitReadable(flow: ReactFlowInstance, store: Store, duration = 0): Promise<void> {
  await flow.fitView({ ...READABLE_FIT, duration });
  const { width, height, transform } = store.getState();
  const [x, y, zoom] = transform;
  const anchored = anchorReadable(placedBounds(flow.getNodes()), { x, y, zoom }, width, height);
  if (anchored.x !== x || anchored.y !== y) await flow.setViewport(anchored, { duration });
}
