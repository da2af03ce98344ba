/* eslint-disable no-control-regex -- matching control characters is what an escaper is for */
/**
 * LaTeX (pdflatex and KaTeX): text mode, math mode and comments. A label or title goes into TeX
 * only through these, so `\input`, `\write18`, `\openout`, `\rule` or an unbalanced brace in it
 * prints as written and never runs.
 */
import { oneLine, wellFormed } from './text';

/** Line ends and tabs: a space in TeX (a blank line would be a paragraph break, an error in math). */
const BREAKS = /[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/;

/** Control characters, which pdflatex rejects or reads as \par (^^L); they print as "?". */
const CONTROL = /[\p{Cc}\p{Cf}]/u;

/** Text mode: the ten specials, and the ASCII characters OT1 fonts would print as other glyphs. */
const TEXT: Readonly<Record<string, string>> = {
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

/** Pairs TeX's text fonts join into one glyph (-- as an en dash, `` as a quote): split by an empty group. */
const LIGATURE = /([-`'!?])(?=[-`'])/g;

/**
 * Text for TeX's text mode (inside \text{...} or \mbox{...}): every special escaped, line ends as
 * spaces, control characters as "?". Other characters outside ASCII are kept as they are: KaTeX
 * sets them, and pdflatex either sets them or stops with an error (for the printed exam, whose
 * labels are in math mode, latexMath maps them to commands instead).
 */
export function latexText(text: string): string {
  return [...wellFormed(text)]
    .map((ch) => TEXT[ch] ?? (BREAKS.test(ch) ? ' ' : CONTROL.test(ch) ? '?' : ch))
    .join('')
    .replace(LIGATURE, '$1{}');
}

/**
 * Characters outside ASCII that pdflatex with only the tikz package can typeset, as math-mode
 * commands. Anything else not in ASCII becomes "?": an unknown character would stop the build.
 * × is braced into an ordinary symbol so a shape sets as tight as the SVG's "2×3".
 */
const MATH: Readonly<Record<string, string>> = {
  '−': '-',
  '×': '{\\times}',
  '÷': '\\div ',
  '·': '\\cdot ',
  '∈': '\\in ',
  '±': '\\pm ',
  '²': '^{2}',
  '³': '^{3}',
  ᵀ: '^{\\top}',
  '√': '\\surd ',
  '→': '\\to ',
  '←': '\\leftarrow ',
  '↔': '\\leftrightarrow ',
  '≤': '\\le ',
  '≥': '\\ge ',
  '≠': '\\ne ',
  '≈': '\\approx ',
  '∞': '\\infty ',
  '∂': '\\partial ',
  '∑': '\\sum ',
  '…': '\\dots ',
  '½': '\\frac{1}{2}',
  '—': '\\mbox{---}',
  '–': '\\mbox{--}',
  '°': '^{\\circ}',
  α: '\\alpha ',
  β: '\\beta ',
  γ: '\\gamma ',
  δ: '\\delta ',
  ε: '\\varepsilon ',
  ζ: '\\zeta ',
  η: '\\eta ',
  θ: '\\theta ',
  ι: '\\iota ',
  κ: '\\kappa ',
  λ: '\\lambda ',
  μ: '\\mu ',
  ν: '\\nu ',
  ξ: '\\xi ',
  π: '\\pi ',
  ρ: '\\rho ',
  σ: '\\sigma ',
  τ: '\\tau ',
  υ: '\\upsilon ',
  φ: '\\phi ',
  χ: '\\chi ',
  ψ: '\\psi ',
  ω: '\\omega ',
  Γ: '\\Gamma ',
  Δ: '\\Delta ',
  Θ: '\\Theta ',
  Λ: '\\Lambda ',
  Ξ: '\\Xi ',
  Π: '\\Pi ',
  Σ: '\\Sigma ',
  Υ: '\\Upsilon ',
  Φ: '\\Phi ',
  Ψ: '\\Psi ',
  Ω: '\\Omega ',
};

/** ASCII characters that mean something to TeX, written so they print as themselves in math mode. */
const SPECIAL: Readonly<Record<string, string>> = {
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\sim ',
  '^': '\\mbox{\\^{}}',
  '\\': '\\backslash ',
  ' ': '\\ ',
  '"': "\\mbox{''}",
  '`': '\\mbox{`}',
};

/** Combining accents and the math accents that set them. */
const ACCENT: Readonly<Record<string, string>> = {
  '\u0300': '\\grave',
  '\u0301': '\\acute',
  '\u0302': '\\hat',
  '\u0303': '\\tilde',
  '\u0304': '\\bar',
  '\u0308': '\\ddot',
  '\u030c': '\\check',
};

/** A Latin letter with accents (é is e and U+0301) as math accents; "?" for anything else. */
function accented(ch: string): string {
  const [base, ...marks] = ch.normalize('NFD');
  if (!/^[A-Za-z]$/.test(base) || !marks.length) return '?';
  return marks.reduce((inner, mark) => (ACCENT[mark] ? `${ACCENT[mark]}{${inner}}` : inner), base);
}

/**
 * Text for math mode, in pure ASCII that pdflatex with only tikz (and KaTeX) can set: every
 * character prints as itself, as a math command (σ as \sigma) or as "?", never as markup. Line
 * ends and tabs print as spaces.
 */
export function latexMath(text: string): string {
  return [...wellFormed(text).normalize('NFC')]
    .map((ch) => (BREAKS.test(ch) ? SPECIAL[' '] : (SPECIAL[ch] ?? MATH[ch] ?? (/^[\x21-\x7e]$/.test(ch) ? ch : accented(ch)))))
    .join('');
}

/** A comment line: exactly one physical line (see oneLine), so nothing after it runs as TeX. */
export const latexComment = (text: string): string => `% ${oneLine(text)}`;
