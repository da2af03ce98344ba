import { labelTex } from '../../escape/tex-label';
import { Tex } from '../explain/Tex';
import { useEditorState } from '../editor';

/**
 * A node's label on the canvas: as written, or in the named notation typeset by KaTeX from the
 * label read as TeX (w^{(1)}_{11}). The label passes the sanitiser first: only its safe subset is TeX.
 */
export function NodeLabel({ text }: { text: string }) {
  const named = useEditorState((s) => s.notation.notation === 'named');
  return (
    <span className="op-node__label" data-testid="node-label">
      {named && !/^f\d+$/.test(text) ? <Tex latex={labelTex(text)} text={text} /> : text}
    </span>
  );
}
