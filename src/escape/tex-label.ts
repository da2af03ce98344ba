import { latexMath } from './latex';

/**
 * A node label written in the small TeX subset teachers use for names such as `w^{(1)}_{11}`,
 * `\sigma_2` or `h_{i,j}`: letters, digits, parentheses, commas, `^` and `_` with a braced group or
 * one character, braces, and the Greek letter commands. Labels come from documents anyone can
 * write, so this is a parser of that subset, not a filter of TeX: whatever it does not recognise
 * (any other command, `$`, `%`, `#`, an unbalanced brace, a script with nothing to attach, a
 * second superscript on one base) is kept as a literal character and escaped by latexMath.
 */
export type LabelPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'script'; readonly script: 'sup' | 'sub'; readonly body: readonly LabelPart[] };

const GREEK = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'vartheta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'varphi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Upsilon',
  'Phi',
  'Psi',
  'Omega',
] as const;

/** Each whitelisted command as the character it prints (the SVG sheet and the canvas write these). */
const GREEK_CHAR: Readonly<Record<string, string>> = Object.fromEntries(
  GREEK.map((name) => {
    const base = name.replace(/^var/, '');
    const capital = base[0] === base[0].toUpperCase();
    const lower = 'αβγδεζηθικλμνξπρστυφχψω'[
      'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega'
        .split(' ')
        .indexOf(base.toLowerCase())
    ];
    return [name, capital ? lower.toUpperCase() : lower];
  }),
);

const PLAIN = /^[A-Za-z0-9(),]$/;

/** Where a braced group opened at `open` closes, or -1 when it does not. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\' && (s[i + 1] === '{' || s[i + 1] === '}')) i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A Greek command at `i` (`\sigma`, not `\sigmax`): its name, or null. Exported for the sanitiser's tests. */
export function greekAt(s: string, i: number): string | null {
  const m = /^\\([A-Za-z]+)/.exec(s.slice(i));
  return m && (GREEK as readonly string[]).includes(m[1]) ? m[1] : null;
}

/** A Greek command inside a text part: ended by a space, so letters after it cannot run on into a longer command name. */
const greekPart = (name: string): string => `\\${name} `;

/** The label parsed into text and scripts (a braced group without a script just groups: its braces are dropped). */
export function parseLabel(label: string): LabelPart[] {
  const out: LabelPart[] = [];
  const text = (t: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + t };
    else out.push({ kind: 'text', text: t });
  };
  // Scripts already on the current base: TeX refuses a second superscript (or subscript) on one.
  let used = new Set<string>();
  let i = 0;
  while (i < label.length) {
    const ch = label[i];
    const greek = ch === '\\' ? greekAt(label, i) : null;
    if (greek) {
      text(greekPart(greek));
      used = new Set();
      i += greek.length + 1;
      continue;
    }
    if ((ch === '^' || ch === '_') && !used.has(ch)) {
      const script = ch === '^' ? 'sup' : 'sub';
      const next = label[i + 1];
      const end = next === '{' ? closing(label, i + 1) : -1;
      const body =
        end > 0
          ? parseLabel(label.slice(i + 2, end))
          : next !== undefined && PLAIN.test(next)
            ? [{ kind: 'text' as const, text: next }]
            : next === '\\' && greekAt(label, i + 1)
              ? [{ kind: 'text' as const, text: greekPart(greekAt(label, i + 1) as string) }]
              : null;
      if (body) {
        out.push({ kind: 'script', script, body });
        used.add(ch);
        i = end > 0 ? end + 1 : next === '\\' ? i + 2 + (greekAt(label, i + 1) as string).length : i + 2;
        continue;
      }
    }
    if (ch === '{') {
      const end = closing(label, i);
      if (end > 0) {
        const inner = parseLabel(label.slice(i + 1, end));
        for (const part of inner)
          if (part.kind === 'text') text(part.text);
          else out.push(part);
        // Its braces are dropped, so a script after a group that ends in one would be a second on that base.
        if (inner.some((part) => part.kind === 'script')) used = new Set(['^', '_']);
        else if (inner.length) used = new Set();
        i = end + 1;
        continue;
      }
    }
    // A character of its own: marked so that printing escapes it (a lone backslash cannot start a command then).
    text(ch === '\\' ? '\u0000' : ch);
    if (ch !== '^' && ch !== '_') used = new Set();
    i++;
  }
  return out;
}

/**
 * A text part in TeX math: its Greek commands kept, every other character through latexMath, whose
 * \mbox (for ^, quotes, dashes) becomes \textrm: the same in pdflatex's math mode, and KaTeX knows it.
 */
function textTex(t: string): string {
  return t
    .split(/(\\[A-Za-z]+ )/)
    .map((piece, j) => (j % 2 === 1 ? piece : latexMath(piece.split('\u0000').join('\\')).replace(/\\mbox\{/g, '\\textrm{')))
    .join('');
}

/** The label as TeX math (KaTeX and pdflatex alike): only the subset's structure survives, all else is escaped. */
export function labelTex(label: string): string {
  const tex = (parts: readonly LabelPart[]): string =>
    parts.map((p) => (p.kind === 'text' ? textTex(p.text) : `${p.script === 'sup' ? '^' : '_'}{${tex(p.body)}}`)).join('');
  // An empty group first: a label that starts with a script has a base to attach it to.
  const body = tex(parseLabel(label));
  return /^[_^]/.test(body) ? `{}${body}` : body;
}

/** A run of plain characters at one script level, for writers that set scripts themselves (SVG tspans, HTML). */
export interface LabelRun {
  readonly text: string;
  readonly script: 'sup' | 'sub' | null;
}

/** The label as runs of characters, Greek commands as their letters; a script inside a script keeps the outer level. */
export function labelRuns(label: string): LabelRun[] {
  const runs: LabelRun[] = [];
  const walk = (parts: readonly LabelPart[], script: LabelRun['script']) => {
    for (const p of parts) {
      if (p.kind === 'script') {
        walk(p.body, script ?? p.script);
        continue;
      }
      const text = p.text
        .replace(/\\([A-Za-z]+) /g, (_m, name: string) => GREEK_CHAR[name] ?? name)
        .split('\u0000')
        .join('\\');
      const last = runs[runs.length - 1];
      if (last && last.script === script) runs[runs.length - 1] = { text: last.text + text, script };
      else runs.push({ text, script });
    }
  };
  walk(parseLabel(label), null);
  return runs;
}

/**
 * Whether a label is written in the subset and uses it (a script or a Greek command), with nothing
 * the sanitiser had to escape: only such a label is set as TeX where labels otherwise print as
 * written (the exam sheet), so a stray brace or backslash still prints exactly.
 */
export const isTexLabel = (label: string): boolean =>
  /[_^\\]/.test(label) && /^[A-Za-z0-9(),{}^_\\]*$/.test(label) && !/\\(backslash|textrm)|\\[{}]/.test(labelTex(label));
