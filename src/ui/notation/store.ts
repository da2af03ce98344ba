import type { Notation } from '../../explain/explain';

/** How gradients and tangents are named on edges and in explanations: the exams' b_i and ḟ_i, or Leibniz's ∂L/∂f_i and ∂f_i/∂x. */
export interface NotationState {
  readonly notation: Notation;
}

export const initialNotation = (): NotationState => ({ notation: 'exam' });
