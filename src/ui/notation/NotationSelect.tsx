import type { Notation } from '../../explain/explain';
import { setNotation, useNotation } from './store';

/** The notation switch: the exams' f_i/b_i, or Leibniz (∂L/∂x). */
export function NotationSelect() {
  const notation = useNotation((s) => s.notation);
  return (
    <select aria-label="Notation" value={notation} onChange={(e) => setNotation(e.target.value as Notation)}>
      <option value="exam">f_i / b_i (the exams)</option>
      <option value="leibniz">Leibniz ∂L/∂x</option>
    </select>
  );
}
