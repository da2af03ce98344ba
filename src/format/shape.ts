/** A tensor's shape as people write it: 3×227×227; a rank-0 shape as "scalar". */
export const formatShape = (s: readonly number[]): string => (s.length === 0 ? 'scalar' : s.join('×'));
