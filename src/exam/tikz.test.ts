import { readFileSync } from 'node:fs';
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { analyze } from '../graph/analyze';
import { createExactEngine } from '../exact/engine';
import { parseDocument } from '../graph/load';
import { examTikz } from './tikz';

function p1() {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return analyze(r.doc);
}

const B1_TO_B6 = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];

/** Braces TeX groups with, leaving out the escaped ones that print as braces. */
function balanced(tex: string): boolean {
  let depth = 0;
  for (const m of tex.replace(/\\[{}]/g, '').matchAll(/[{}]/g)) {
    depth += m[0] === '{' ? 1 : -1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** Every (x,y) coordinate of the picture, in cm. */
const coordinates = (tex: string): [number, number][] =>
  [...tex.matchAll(/\((-?[\d.]+),(-?[\d.]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('P1 as a tikzpicture', () => {
  const an = p1();
  const student = examTikz(an, { view: 'student', blanks: B1_TO_B6 });
  const answer = examTikz(an, { view: 'answer', blanks: B1_TO_B6 });

  it('is one tikzpicture, braces balanced, drawn within a width asked for, y pointing down the page', () => {
    for (const tex of [student, answer, examTikz(an, { view: 'student', fit: 'natural', maxWidthCm: 9 })]) {
      expect(tex.match(/\\begin\{tikzpicture\}/g)).toHaveLength(1);
      expect(balanced(tex)).toBe(true);
      const xy = coordinates(tex);
      expect(Math.max(...xy.map(([x]) => x))).toBeLessThanOrEqual(tex === student || tex === answer ? Infinity : 9);
      expect(Math.min(...xy.map(([x]) => x))).toBeGreaterThanOrEqual(0);
      expect(Math.max(...xy.map(([, y]) => y))).toBeLessThanOrEqual(0);
    }
  });

  it('is set in a box scaled down to \\linewidth when wider, or left at its natural size', () => {
    expect(student.trimEnd().split('\n').at(-1)).toMatch(/^\\ifdim\\wd\\backpropstudiofit>\\linewidth\\resizebox\{\\linewidth\}\{!\}/);
    const natural = examTikz(an, { view: 'student', blanks: B1_TO_B6, fit: 'natural' });
    expect(natural.trimEnd().endsWith('\\end{tikzpicture}')).toBe(true);
    expect(natural).not.toContain('resizebox');
  });

  it('draws every blank as an empty box on the student sheet', () => {
    expect(student.match(/\\draw\[line width=0\.5pt\] \([^)]*\) rectangle/g)).toHaveLength(6);
    expect(student).not.toContain('4.159');
    expect(student).toContain('{$b_{1} =$}');
    expect(student).toContain('{$f_{4} = -1$}');
  });

  it('fills the boxes on the answer key, in exact form when given', () => {
    expect(answer).toContain('{$\\mathbf{-4.159}$}');
    const exact = createExactEngine(mathjs).exactValues(an.plan, an.evaluation);
    const tex = examTikz(an, { view: 'answer', blanks: B1_TO_B6, answers: exact });
    expect(tex).toContain('{$\\mathbf{-6 \\ln 2}$}');
    expect(tex).toContain('{$\\mathbf{6 \\ln 2}$}');
  });

  it('wraps the picture in a document that needs nothing but tikz', () => {
    const doc = examTikz(an, { view: 'student', standalone: true });
    expect(doc.startsWith('\\documentclass{article}\n\\usepackage{tikz}\n')).toBe(true);
    expect(doc.match(/\\usepackage/g)).toHaveLength(1);
    expect(doc.trimEnd().endsWith('\\end{document}')).toBe(true);
  });
});

describe('user input in TikZ', () => {
  const doc = graph([inp('x', 2, { name: 'a#b$c%d&e~f_g^h\\i{j}' }), ['s', 'square', { label: '}\\end{document}' }]], [['x', 's', 'u']]);
  const tex = examTikz(analyze({ ...doc, title: 'line\n\\end{document}' }), { view: 'answer' });

  it('cannot end the picture or the document early', () => {
    // Only the comment line carries the title's text as written; a comment ends at its line break.
    const code = tex
      .split('\n')
      .filter((line) => !line.startsWith('%'))
      .join('\n');
    expect(code).not.toMatch(/(?<!\\)\\end\{document\}/);
    expect(tex).toContain('{$\\mathrm{\\}\\backslash end\\{document\\}} = 4$}');
    expect(tex).toContain('{$a\\#b\\$c\\%d\\&e\\sim f\\_g^{h\\backslash i\\{j\\}}$}');
    expect(tex.split('\n')[0]).toBe('% line \\end{document} (answer key), drawn by Backprop Studio');
    expect(balanced(tex)).toBe(true);
  });
});
