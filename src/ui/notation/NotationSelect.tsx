import type { Notation } from '../../explain/explain';
import { editor, useEditorState } from '../editor';

/** The notation switch: the exams' f_i/b_i, or Leibniz (∂L/∂x). */
export function NotationSelect() {
  const notation = useEditorState((s) => s.notation.notation);
  return (
    <select aria-label="Notation" value={notation} onChange={(e) => editor.set('notation', { notation: e.target.value as Notation })}>
      <option value="exam">f_i / b_i (the exams)</option>
      <option value="leibniz">Leibniz ∂L/∂x</option>
    </select>
  );
}
