import type { Notation } from '../../explain/explain';
import { editor, useEditorState } from '../editor';

/** The notation switch: the exams' f_i/b_i, Leibniz (∂L/∂x), or named (Leibniz over labels written in TeX, typeset). */
export function NotationSelect() {
  const notation = useEditorState((s) => s.notation.notation);
  return (
    <select aria-label="Notation" value={notation} onChange={(e) => editor.set('notation', { notation: e.target.value as Notation })}>
      <option value="exam">f_i / b_i (the exams)</option>
      <option value="leibniz">Leibniz ∂L/∂x</option>
      <option value="named">named (TeX labels such as w^&#123;(1)&#125;_&#123;11&#125;)</option>
    </select>
  );
}
