// @vitest-environment jsdom
/* eslint-disable no-control-regex -- matching control characters is what an escaper is for */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../../tests/hostile-strings';
import { latexComment, latexMath, latexText } from './latex';

const strings = hostileStrings(7, 500, '/tmp/backprop-escape/MARKER', true);
const TEN = /[#$%&~_^\\{}]/;

/** What is left of TeX after taking out the escapes and commands the escapers write: it must hold no special. */
const bare = (tex: string): string =>
  tex
    .replace(/\\(text(asciitilde|asciicircum|backslash|less|greater|bar))\{\}/g, '')
    .replace(/\\[#$%&_{} ]/g, '')
    .replace(/\\[A-Za-z]+ ?/g, '')
    .replace(/\{\}/g, '');

/** Braces TeX groups with, leaving out the escaped ones that print as braces. */
function balanced(tex: string): boolean {
  let depth = 0;
  for (const m of tex.replace(/\\[{}]/g, '').matchAll(/[{}]/g)) {
    depth += m[0] === '{' ? 1 : -1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

const box = document.createElement('div');

/** The text KaTeX typesets for a formula, from its MathML, spaces collapsed as TeX collapses them. */
function katexText(tex: string): string {
  const html = katex.renderToString(tex, { output: 'mathml', throwOnError: true, strict: 'ignore', trust: false });
  box.innerHTML = html;
  box.querySelector('annotation')?.remove();
  return (box.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('latexText', () => {
  it('leaves no special character unescaped, no control character and no line end', () => {
    for (const s of strings) {
      const tex = latexText(s);
      expect(bare(tex)).not.toMatch(TEN);
      expect(tex).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
    }
  });

  it('prints exactly the text in KaTeX, \\input and \\rule included', () => {
    for (const s of strings.slice(0, 300)) {
      const ascii = s.replace(/[^\x20-\x7e]/g, '');
      // Text mode sets ' and ` as typographic quotes, in KaTeX as in pdflatex.
      const quotes = ascii.replace(/'/g, '\u2019').replace(/`/g, '\u2018');
      expect(katexText(`\\text{${latexText(ascii)}}`)).toBe(quotes.replace(/\s+/g, ' ').trim());
    }
    expect(latexText('\\input{/etc/passwd} -- 100% #1 & ^_^ ~ <b>|')).toBe(
      '\\textbackslash{}input\\{/etc/passwd\\} -{}- 100\\% \\#1 \\& \\textasciicircum{}\\_\\textasciicircum{} \\textasciitilde{} \\textless{}b\\textgreater{}\\textbar{}',
    );
  });
});

describe('latexMath', () => {
  it('is printable ASCII, braces balanced, with no special character unescaped', () => {
    for (const s of strings) {
      const tex = latexMath(s);
      expect(tex).toMatch(/^[\x20-\x7e]*$/);
      expect(balanced(tex)).toBe(true);
      // Braces left are the escaper's own groups (\mbox{...}, ^{2}, \acute{e}), balanced above.
      expect(bare(tex.replace(/\\\^/g, '')).replace(/\^\{/g, '')).not.toMatch(/[#$%&~_^\\]/);
    }
  });

  it('writes symbols as math commands and what pdflatex cannot set as "?"', () => {
    expect(latexMath('#$%&~_^\\{}')).toBe('\\#\\$\\%\\&\\sim \\_\\mbox{\\^{}}\\backslash \\{\\}');
    expect(latexMath('σ × 2')).toBe('\\sigma \\ {\\times}\\ 2');
    expect(latexMath('é')).toBe('\\acute{e}');
    expect(latexMath('한글\x1b\ud800')).toBe('????');
    expect(latexMath('a\nb\u2028c')).toBe('a\\ b\\ c');
  });
});

describe('latexComment', () => {
  it('is one line whatever the text holds', () => {
    for (const s of strings) expect(latexComment(s)).not.toMatch(/[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
    expect(latexComment('x\r\\input{/etc/passwd}')).toBe('% x \\input{/etc/passwd}');
  });
});
