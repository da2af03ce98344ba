import type { TextRun } from './runs';

/**
 * Characters outside ASCII that pdflatex with only the tikz package can typeset, as math-mode
 * commands. Anything else not in ASCII becomes "?": an unknown character would stop the build.
 * × is braced into an ordinary symbol so a shape sets as tight as the SVG's "2×3".
 */
const MATH: Readonly<Record<string, string>> = {
  '−': '-', '×': '{\\times}', '÷': '\\div ', '·': '\\cdot ', '∈': '\\in ', '±': '\\pm ', '²': '^{2}', '³': '^{3}',
  'ᵀ': '^{\\top}', '√': '\\surd ', '→': '\\to ', '←': '\\leftarrow ', '↔': '\\leftrightarrow ', '≤': '\\le ',
  '≥': '\\ge ', '≠': '\\ne ', '≈': '\\approx ', '∞': '\\infty ', '∂': '\\partial ', '∑': '\\sum ', '…': '\\dots ',
  '½': '\\frac{1}{2}', '—': '\\mbox{---}', '–': '\\mbox{--}', '°': '^{\\circ}',
  α: '\\alpha ', β: '\\beta ', γ: '\\gamma ', δ: '\\delta ', ε: '\\varepsilon ', ζ: '\\zeta ', η: '\\eta ',
  θ: '\\theta ', ι: '\\iota ', κ: '\\kappa ', λ: '\\lambda ', μ: '\\mu ', ν: '\\nu ', ξ: '\\xi ', π: '\\pi ',
  ρ: '\\rho ', σ: '\\sigma ', τ: '\\tau ', υ: '\\upsilon ', φ: '\\phi ', χ: '\\chi ', ψ: '\\psi ', ω: '\\omega ',
  Γ: '\\Gamma ', Δ: '\\Delta ', Θ: '\\Theta ', Λ: '\\Lambda ', Ξ: '\\Xi ', Π: '\\Pi ', Σ: '\\Sigma ',
  Υ: '\\Upsilon ', Φ: '\\Phi ', Ψ: '\\Psi ', Ω: '\\Omega ',
};

/** ASCII characters that mean something to TeX, written so they print as themselves in math mode. */
const SPECIAL: Readonly<Record<string, string>> = {
  '#': '\\#', $: '\\$', '%': '\\%', '&': '\\&', _: '\\_', '{': '\\{', '}': '\\}', '~': '\\sim ',
  '^': '\\mbox{\\^{}}', '\\': '\\backslash ', ' ': '\\ ', '"': "\\mbox{''}", '`': '\\mbox{`}',
};

/** Combining accents and the math accents that set them. */
const ACCENT: Readonly<Record<string, string>> = {
  '\u0300': '\\grave', '\u0301': '\\acute', '\u0302': '\\hat', '\u0303': '\\tilde', '\u0304': '\\bar',
  '\u0308': '\\ddot', '\u030c': '\\check',
};

/** A Latin letter with accents (é is e and U+0301) as math accents; "?" for anything else. */
function accented(ch: string): string {
  const [base, ...marks] = ch.normalize('NFD');
  if (!/^[A-Za-z]$/.test(base) || !marks.length) return '?';
  return marks.reduce((inner, mark) => (ACCENT[mark] ? `${ACCENT[mark]}{${inner}}` : inner), base);
}

/** Text for math mode: every character of a user's label prints as itself or as "?", never as markup. */
export function mathText(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => SPECIAL[ch] ?? MATH[ch] ?? (/^[\x21-\x7e]$/.test(ch) ? ch : accented(ch)))
    .join('');
}

/**
 * Runs in math mode: words upright, lone letters italic. Neighbouring runs of one script share
 * one group, since TeX refuses a double superscript such as x^{a}^{b}.
 */
export function runsLatex(runs: readonly TextRun[]): string {
  const groups: { script: TextRun['script']; body: string }[] = [];
  for (const r of runs) {
    // Math mode spaces operators itself: " = " is "=", or the gap doubles; a lone space stays.
    const operator = /\S/.test(r.text) && !/[\p{L}\d]/u.test(r.text);
    const body = mathText(operator ? r.text.trim() : r.text);
    const styled = !r.italic && /\p{L}/u.test(r.text) ? `\\mathrm{${body}}` : body;
    const last = groups[groups.length - 1];
    if (last && last.script === r.script) last.body += styled;
    else groups.push({ script: r.script, body: styled });
  }
  return groups.map((g) => (g.script === 'sup' ? `^{${g.body}}` : g.script === 'sub' ? `_{${g.body}}` : g.body)).join('');
}

/** A comment line: no line breaks, which would end the comment and run the rest as TeX. */
export const latexComment = (text: string): string => `% ${text.replace(/[\r\n]+/g, ' ')}`;
