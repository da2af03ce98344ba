// @vitest-environment jsdom
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../../tests/hostile-strings';
import { pdflatex } from '../../tests/pdflatex';
import { greekAt, labelRuns, labelTex } from './tex-label';

/** Random labels from the subset's own characters and its near misses: structure is where a parser breaks. */
function subsetFuzz(seed: number, count: number): string[] {
  let x = seed;
  const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pieces = [
    'w',
    '1',
    '^',
    '_',
    '{',
    '}',
    '(',
    ')',
    ',',
    '\\sigma',
    '\\alpha',
    '\\Omega',
    '\\',
    '\\input',
    '$',
    '%',
    '#',
    '&',
    '~',
    ' ',
    'x',
    '\\{',
  ];
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 14) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''),
  );
}

const labels = [...subsetFuzz(11, 3000), ...hostileStrings(13, 400, '/tmp/backprop-escape/MARKER')];

/** The commands TeX may meet: the Greek whitelist and what latexMath writes for escaped characters. */
const ALLOWED = new Set([
  ...'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'.split(
    ' ',
  ),
  ...'textrm backslash sim times div cdot in pm top surd to leftarrow leftrightarrow le ge ne approx infty partial sum dots frac circ grave acute hat tilde bar ddot check'.split(
    ' ',
  ),
]);

describe('labelTex, the TeX-label sanitiser', () => {
  it('keeps the notation teachers write', () => {
    expect(labelTex('w^{(1)}_{11}')).toBe('w^{(1)}_{11}');
    expect(labelTex('h_{i,j}')).toBe('h_{i,j}');
    expect(labelTex('\\sigma_2')).toBe('\\sigma _{2}');
    expect(labelTex('x_\\alpha')).toBe('x_{\\alpha }');
    expect(labelTex('^2')).toBe('{}^{2}');
  });

  it('escapes everything else: other commands, specials, broken braces, a second superscript', () => {
    expect(labelTex('\\input{/etc/passwd}')).toBe('\\backslash input/etc/passwd');
    expect(labelTex('\\write18{rm}')).toBe('\\backslash write18rm');
    expect(labelTex('a$b%c#d&')).toBe('a\\$b\\%c\\#d\\&');
    expect(labelTex('w^{(1)')).toBe('w\\textrm{\\^{}}\\{(1)');
    expect(labelTex('x^2^3')).toBe('x^{2}\\textrm{\\^{}}3');
    expect(labelTex('{x^2}^3')).toBe('x^{2}\\textrm{\\^{}}3');
    // A Greek letter in a group cannot run on into a longer command: {\sigma}input is σ then "input".
    expect(labelTex('{\\sigma}input')).toBe('\\sigma input');
    expect(labelTex('\\sigmax')).toBe('\\backslash sigmax');
  });

  it('always renders in KaTeX, with only whitelisted commands and balanced braces (fuzz)', () => {
    for (const label of labels) {
      const tex = labelTex(label);
      expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error', trust: false }), `${label} -> ${tex}`).not.toThrow();
      for (const [, name] of tex.matchAll(/\\([A-Za-z]+)/g)) expect(ALLOWED.has(name), `${label} -> \\${name}`).toBe(true);
      expect(tex).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it('gives runs with the same characters for the SVG sheet: letters and digits kept, scripts one level deep', () => {
    expect(labelRuns('w^{(1)}_{11}')).toEqual([
      { text: 'w', script: null },
      { text: '(1)', script: 'sup' },
      { text: '11', script: 'sub' },
    ]);
    expect(labelRuns('\\Omega_{x^2}')).toEqual([
      { text: 'Ω', script: null },
      { text: 'x2', script: 'sub' },
    ]);
    for (const label of labels) {
      const plain = (s: string) => s.replace(/[^A-Za-z0-9]/g, '');
      // Every letter and digit of the label is printed (a Greek command prints as its letter, not its name).
      expect(
        plain(
          labelRuns(label)
            .map((r) => r.text)
            .join(''),
        ),
      ).toBe(plain(label.replace(/\\(alpha|sigma|Omega)/g, (m, _n, at: number) => (greekAt(label, at) ? '' : m))));
    }
  });

  it('builds with the real pdflatex, the hostile labels included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tex-label-'));
    const lines = labels.slice(0, 400).map((l) => `$${labelTex(l)}$\\par`);
    writeFileSync(join(dir, 'labels.tex'), ['\\documentclass{article}', '\\begin{document}', ...lines, '\\end{document}', ''].join('\n'));
    expect(pdflatex(dir, 'labels.tex')).toBeGreaterThan(0);
  }, 60_000);
});
