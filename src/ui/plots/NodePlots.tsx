import type { OpDef, Params } from '../../ops/types';
import { ActivationPlot } from './ActivationPlot';
import { TrainingPanel } from './TrainingPanel';
import { useEditorState } from '../editor';
import './plots.css';

/**
 * Pictures for the inspector: a unary elementwise op's function and derivative; the loss and
 * training steps for a loss node, or an output with trainable inputs.
 */
export function NodePlots({ id, op, params }: { id: string; op: OpDef; params: Params }) {
  const isOutput = useEditorState((s) => s.results.outputId === id);
  const trainable = useEditorState((s) => s.doc.present.nodes.some((n) => n.params?.trainable === true));
  return (
    <>
      {op.kind === 'elementwise' && op.inputs.length === 1 && <ActivationPlot id={id} op={op} params={params} />}
      {((isOutput && trainable) || op.group === 'Losses') && <TrainingPanel id={id} />}
    </>
  );
}
