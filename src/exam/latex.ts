import { latexMath } from '../escape/latex';
import type { TextRun } from './runs';

/**
 * Runs in math mode: words upright, lone letters italic. Neighbouring runs of one script share
 * one group, since TeX refuses a double superscript such as x^{a}^{b}.
 */
export function runsLatex(runs: readonly TextRun[]): string {
  const groups: { script: TextRun['script']; body: string }[] = [];
  for (const r of runs) {
    // Math mode spaces operators itself: " = " is "=", or the gap doubles; a lone space stays.
    const operator = /\S/.test(r.text) && !/[\p{L}\d]/u.test(r.text);
    const body = latexMath(operator ? r.text.trim() : r.text);
    const styled = !r.italic && /\p{L}/u.test(r.text) ? `\\mathrm{${body}}` : body;
    const last = groups[groups.length - 1];
    if (last && last.script === r.script) last.body += styled;
    else groups.push({ script: r.script, body: styled });
  }
  return groups.map((g) => (g.script === 'sup' ? `^{${g.body}}` : g.script === 'sub' ? `_{${g.body}}` : g.body)).join('');
}
