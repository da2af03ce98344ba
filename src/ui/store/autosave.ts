import type { GraphDocument } from '../../graph/schema';
import { useEditor } from './editor';

/** The document as saved: the current viewport goes along, so a reload looks exactly the same. */
export function documentToSave(): GraphDocument {
  const { present, viewport } = useEditor.getState();
  return viewport ? { ...present, view: { x: viewport.x, y: viewport.y, zoom: viewport.zoom } } : present;
}
