import type { Explanation } from './explain';

/**
 * A derivation as one amsmath `align*` block: each step's equation chain aligned at its first
 * "=", one step per line, so it pastes into a paper or an exam key as written.
 */
export function alignBlock(steps: readonly Explanation[]): string {
  const rows = steps.map((s) => {
    const at = s.latex.indexOf(' = ');
    return at < 0 ? `&${s.latex}` : `${s.latex.slice(0, at)} &= ${s.latex.slice(at + 3)}`;
  });
  return `\\begin{align*}\n${rows.map((r, i) => `  ${r}${i < rows.length - 1 ? ' \\\\' : ''}`).join('\n')}\n\\end{align*}\n`;
}
