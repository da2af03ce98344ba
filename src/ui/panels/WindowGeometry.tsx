import type { GraphNode } from '../../graph/schema';
import { isWindowed } from '../../ops/registry';
import { convFormula, samePadding } from '../../ops/tensor/conv';
import { transposeFormula } from '../../ops/tensor/conv-transpose';
import { conv1dFormula } from '../../ops/tensor/conv1d';
import type { Params } from '../../ops/types';
import { useEditorState } from '../editor';

const kernelOf = (p: Params): [number, number] => {
  const k = p.kernel;
  if (typeof k === 'number') return [k, k];
  return Array.isArray(k) && k.length ? [k[0], k[k.length - 1]] : [1, 1];
};

/** On request, the output-size formula with this input's numbers, and the padding that keeps the size (P7). */
export function WindowGeometry({ node, params }: { node: GraphNode; params: Params }) {
  const source = useEditorState((s) => s.doc.present.edges.find((e) => e.target === node.id && e.port === 'x')?.source);
  const inShape = useEditorState((s) => (source ? s.results.byId.get(source)?.shape : undefined));
  if (!isWindowed(node.op)) return null;
  let formula: string;
  try {
    const formulaOf = node.op === 'convTranspose2d' ? transposeFormula : node.op === 'conv1d' ? conv1dFormula : convFormula;
    formula = inShape ? formulaOf(params, inShape) : 'connect an input to see the output size';
  } catch (e) {
    formula = (e as Error).message;
  }
  const [kh, kw] = kernelOf(params);
  const same = [samePadding(kh), samePadding(kw)];
  return (
    <details className="geometry">
      <summary>Output size and “same” padding</summary>
      <p>
        <code data-testid="size-formula">{formula}</code>
      </p>
      <p className="muted">
        {node.op === 'convTranspose2d'
          ? 'H_out = (H − 1)·s − 2p + d·(k − 1) + output padding + 1'
          : 'H_out = ⌊(H + 2p − d·(k − 1) − 1)/s⌋ + 1'}
      </p>
      <p data-testid="same-padding">
        {same[0] === null || same[1] === null
          ? `An even kernel (${kh}×${kw}) cannot keep the size with symmetric padding.`
          : `At stride 1, padding ${same[0] === same[1] ? same[0] : `${same[0]}×${same[1]}`} keeps the size (p = (k − 1)/2).`}
        {node.op === 'conv2d' && ' Padding "same" does it for any kernel and dilation, the odd one at the bottom and right.'}
      </p>
    </details>
  );
}
