import { editor } from '../editor';
import { applyRunningStats, runningStatsOf } from './running-stats';

/**
 * "Apply running stats": batch norm `id`'s running mean and variance as its last training-mode
 * pass updated them go into the document (one undoable edit), so the next pass starts from them.
 */
export function applyRunning(id: string): void {
  const { doc, results } = editor.state;
  const node = doc.present.nodes.find((n) => n.id === id);
  const updated = node && runningStatsOf(doc.present, node, results.byId).updated;
  if (!updated) {
    editor.notify('No running statistics to apply: the node updates them only in training mode, once it has a value.', 'error');
    return;
  }
  editor.commit('Apply running statistics', applyRunningStats(id, updated));
  editor.notify('Applied the updated running mean and variance: the next pass starts from them (eval mode normalises with them).');
}
