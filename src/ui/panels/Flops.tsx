import { formatCount, formatSI } from '../../format/number';
import { FLOP_CONVENTION_TEXT, flops as countFlops } from '../../graph/summary';
import { editor, useEditorState } from '../editor';

/** A FLOP count under the chosen convention, the convention stated beside it, and the switch. */
export function FlopsFact({ macs }: { macs: number }) {
  const convention = useEditorState((s) => s.ui.flops);
  const n = countFlops(macs, convention);
  const other = convention === 'macs' ? '2macs' : 'macs';
  return (
    <>
      <dt>FLOPs</dt>
      <dd>
        <span data-testid="flops">{formatCount(n)}</span> {n >= 1000 && <span className="muted">({formatSI(n)})</span>}
        <div className="flops-convention">
          <span className="muted">{convention === 'macs' ? 'multiply-adds (MACs)' : '2 × MACs'}</span>{' '}
          <button
            type="button"
            className="link-button"
            title={FLOP_CONVENTION_TEXT[other]}
            aria-label={`Count FLOPs as ${other === 'macs' ? 'MACs (multiply-adds)' : '2 × MACs'}`}
            onClick={() => editor.setFlops(other)}
          >
            count FLOPs as {other === 'macs' ? 'MACs' : '2 × MACs'}
          </button>
        </div>
      </dd>
    </>
  );
}
