import { create } from 'zustand';
import type { Notation } from '../../explain/explain';

/** How gradients and tangents are named on edges and in explanations: the exams' b_i and ḟ_i, or Leibniz's ∂L/∂f_i and ∂f_i/∂x. */
export const useNotation = create<{ readonly notation: Notation }>()(() => ({ notation: 'exam' }));

export const setNotation = (notation: Notation): void => useNotation.setState({ notation });
