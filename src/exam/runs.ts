import { isTexLabel, labelRuns } from '../escape/tex-label';
import { textWidth } from './metrics';

/** A piece of text in one style: how a symbol such as "2^x" or a name such as "f4" is typeset. */
export interface TextRun {
  readonly text: string;
  /** A lone letter is a variable and goes in italics, as in mathematics; words stay upright. */
  readonly italic: boolean;
  readonly script: 'sup' | 'sub' | null;
}

/** Superscripts and subscripts are set this much smaller than the text around them. */
export const SCRIPT_SCALE = 0.7;

/** A lone Latin or lowercase Greek letter; capital Greek stays upright, as TeX sets it (Σ is a sum). */
const VARIABLE = /^[A-Za-z\u03b1-\u03c9]$/;

/**
 * Splits text the way mathematics is typeset: "2^x" gives 2 and a superscript x, "f4" an
 * italic f and an upright 4, "relu" one upright word.
 */
export function mathRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  // Odd parts of the split are the superscripts ("x^2" -> ["x", "2", ""]).
  text.split(/\^([^\s^]+)/).forEach((part, i) => {
    for (const token of part.match(/\p{L}+|[^\p{L}]+/gu) ?? []) {
      const run: TextRun = { text: token, italic: VARIABLE.test(token), script: i % 2 === 1 ? 'sup' : null };
      const last = runs[runs.length - 1];
      if (last && last.italic === run.italic && last.script === run.script) runs[runs.length - 1] = { ...last, text: last.text + run.text };
      else runs.push(run);
    }
  });
  return runs;
}

/**
 * A label's name: the numbered f_i and b_i with their number as a subscript, as exams typeset
 * them; a user's own label as it is written.
 */
export function nameRuns(name: string): TextRun[] {
  const numbered = /^([fb])(\d+)$/.exec(name);
  // A label written in TeX (w^{(1)}_{11}, \sigma_2): its scripts as the sanitiser reads them, each run set as mathematics.
  if (!numbered && isTexLabel(name))
    return labelRuns(name).flatMap((r) => mathRuns(r.text).map((m) => ({ ...m, script: r.script ?? m.script })));
  if (!numbered) return mathRuns(name);
  return [
    { text: numbered[1], italic: true, script: null },
    { text: numbered[2], italic: false, script: 'sub' },
  ];
}

/** The width of runs at font size `size`. */
export const runsWidth = (runs: readonly TextRun[], size: number): number =>
  runs.reduce((w, r) => w + textWidth(r.text, r.script ? size * SCRIPT_SCALE : size), 0);

/** Text as printed: a true minus sign, which also keeps "-1" from breaking after the hyphen. */
export const printed = (text: string): string => text.replace(/-/g, '−');
