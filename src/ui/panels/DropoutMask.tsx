import { formatShape } from '../../format/shape';
import type { GraphNode } from '../../graph/schema';
import { getOp } from '../../ops/registry';
import { dropoutMask } from '../../ops/tensor/dropout';
import type { Params } from '../../ops/types';
import { editor, useEditorState } from '../editor';
import './mask.css';

/** Cells drawn one by one up to this many; a larger mask is summarised by its count. */
const DRAWN = 1024;

/** A 0/1 grid, the last dimension across, every earlier one down. */
function MaskGrid({ mask }: { mask: { shape: readonly number[]; data: Float64Array } }) {
  const cols = mask.shape[mask.shape.length - 1] ?? 1;
  return (
    <div
      className="mask-grid"
      role="img"
      aria-label={`dropout mask ${formatShape(mask.shape)}`}
      data-testid="dropout-mask"
      style={{ gridTemplateColumns: `repeat(${cols}, 1.4em)` }}
    >
      {Array.from(mask.data, (m, i) => (
        <span key={i} className={m ? 'mask-grid__kept' : 'mask-grid__dropped'}>
          {m}
        </span>
      ))}
    </div>
  );
}

/**
 * For an op that reads the document's train/eval switch (dropout): the switch itself, and in
 * train mode the mask this node draws (1 kept, 0 dropped), the same one the engine and eval --json report.
 */
export function DropoutMask({ node, params }: { node: GraphNode; params: Params }) {
  const mode = useEditorState((s) => s.doc.present.mode ?? 'eval');
  const shape = useEditorState((s) => s.results.byId.get(node.id)?.shape);
  const op = getOp(node.op);
  if (op?.kind !== 'tensor' || !op.readsMode) return null;
  let mask: ReturnType<typeof dropoutMask> | null = null;
  let problem = '';
  if (mode === 'train' && shape) {
    try {
      mask = dropoutMask(shape, params);
    } catch (e) {
      problem = (e as Error).message;
    }
  }
  const kept = mask ? mask.data.reduce((a, b) => a + b, 0) : 0;
  return (
    <section className="mask" aria-label="Train or eval mode">
      <div className="field">
        <label htmlFor={`mode-${node.id}`}>document mode (every dropout)</label>
        <select
          id={`mode-${node.id}`}
          className="field__input"
          value={mode}
          onChange={(e) => {
            const train = e.target.value === 'train';
            editor.commit(train ? 'Train mode' : 'Eval mode', (d) => {
              if (train) d.mode = 'train';
              else delete d.mode;
            });
          }}
        >
          <option value="eval">eval: identity</option>
          <option value="train">train: drop with the seeded mask</option>
        </select>
      </div>
      {problem && <p className="muted">{problem}</p>}
      {mask && (
        <>
          <p className="muted" data-testid="dropout-kept">
            mask: {kept} of {mask.data.length} kept, scaled by 1/(1 − p)
          </p>
          {mask.data.length <= DRAWN && <MaskGrid mask={mask} />}
        </>
      )}
    </section>
  );
}
