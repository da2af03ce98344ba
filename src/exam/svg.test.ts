// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { analyze } from '../graph/analyze';
import { parseDocument } from '../graph/load';
import type { ExactAnswers } from './answers';
import { examSvg } from './svg';

function p1() {
  // Under jsdom import.meta.url is not a file: URL; the directory still is a path.
  const r = parseDocument(readFileSync(resolve(import.meta.dirname, '../../public/examples/p1-backprop.json'), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return analyze(r.doc);
}

/** Parses as XML (not HTML, which forgives everything) and fails on any error. */
function parseSvg(svg: string): Document {
  const xml = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(xml.getElementsByTagName('parsererror')).toHaveLength(0);
  return xml;
}

/** Text content of each labelled <text>, by blank name. */
function labels(xml: Document): Map<string, string> {
  return new Map([...xml.querySelectorAll('text[data-key]')].map((t) => [t.getAttribute('data-key') as string, t.textContent ?? '']));
}

const B1_TO_B6 = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
const F_AND_B = [1, 2, 3, 4, 5, 6, 7].flatMap((i) => [`f${i}`, `b${i}`]).sort();

describe('P1 as an exam figure (seed exam 000)', () => {
  const an = p1();
  const student = examSvg(an, { view: 'student', blanks: B1_TO_B6 });
  const answer = examSvg(an, { view: 'answer', blanks: B1_TO_B6 });

  it('is one SVG element sized to its viewBox, on a white background', () => {
    const svg = parseSvg(student).documentElement;
    expect(svg.tagName).toBe('svg');
    const box = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
    expect(box).toHaveLength(4);
    expect(box.every(Number.isFinite)).toBe(true);
    expect(Number(svg.getAttribute('width'))).toBe(box[2]);
    expect(Number(svg.getAttribute('height'))).toBe(box[3]);
    expect(svg.querySelector('rect')?.getAttribute('fill')).toBe('#fff');
    expect(svg.getAttribute('font-family')).toMatch(/Latin Modern Roman.*serif$/);
  });

  it('has one <text> per label: f1..f7 and b1..b7', () => {
    const keys = [...parseSvg(student).querySelectorAll('text[data-key]')].map((t) => t.getAttribute('data-key'));
    expect(keys.sort()).toEqual(F_AND_B);
  });

  it('draws the blanks as empty boxes on the student sheet, and none of their answers', () => {
    const text = labels(parseSvg(student));
    for (const b of B1_TO_B6) expect(text.get(b)).toBe(`${b} = `);
    // b1, b4 and b5 are −6 ln 2 = −4.159, b2 is 4.159: nowhere in the file, not even hidden.
    expect(student).not.toContain('4.159');
    expect(text.get('b7')).toBe('b7 = 1');
    expect(text.get('f4')).toBe('f4 = −1');
    expect(text.get('f7')).toBe('f7 = −6');
    expect(student.match(/stroke-width="0.8"/g)).toHaveLength(B1_TO_B6.length);
  });

  it('fills the boxes on the answer key: b1 = −6 ln 2 reads −4.159', () => {
    const text = labels(parseSvg(answer));
    expect(text.get('b1')).toBe('b1 = −4.159');
    expect(text.get('b2')).toBe('b2 = 4.159');
    expect(text.get('b3')).toBe('b3 = 2');
    expect(text.get('b6')).toBe('b6 = −3');
    expect(answer.match(/stroke-width="0.8"/g)).toHaveLength(B1_TO_B6.length);
  });

  it('prints exact forms when given', () => {
    const ln = { text: '-6 ln 2', latex: '-6 \\ln 2' };
    const exact: ExactAnswers = { value: an.nodes.map(() => null), grad: an.nodes.map((r) => (r.id === 'x' ? ln : null)) };
    const text = labels(parseSvg(examSvg(an, { view: 'answer', blanks: B1_TO_B6, answers: exact })));
    expect(text.get('b1')).toBe('b1 = −6 ln 2');
    expect(text.get('b4')).toBe('b4 = −4.159');
  });

  it('reads the blanks from the document when none are passed', () => {
    const doc = { ...an.doc, meta: { exam: { blanks: ['f5'] } } };
    const text = labels(parseSvg(examSvg(analyze(doc), { view: 'student' })));
    expect(text.get('f5')).toBe('f5 = ');
    expect(text.get('b1')).toBe('b1 = −4.159');
  });

  it('needs no colour: only black, white and a dark grey', () => {
    const colours = new Set([...answer.matchAll(/(?:fill|stroke)="([^"]+)"/g)].map((m) => m[1]));
    expect([...colours].sort()).toEqual(['#000', '#333', '#fff', 'none']);
  });
});

describe('user input in labels', () => {
  const hostile = graph([inp('x', 2, { name: 'a & b' }), ['s', 'square', { label: '<script>alert(1)</script>' }]], [['x', 's', 'u']]);
  const svg = examSvg(analyze({ ...hostile, title: '</title><script>alert("t")</script>' }), { view: 'answer' });

  it('escapes markup so it stays text', () => {
    const xml = parseSvg(svg);
    expect(xml.querySelectorAll('script')).toHaveLength(0);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain(' &amp; ');
    expect(xml.documentElement.textContent).toContain('a & b');
    expect(labels(xml).get('f2')).toBe('<script>alert(1)</script> = 4');
    expect(xml.querySelector('title')?.textContent).toBe('</title><script>alert("t")</script> (answer key)');
  });

  it('replaces characters XML cannot hold with U+FFFD', () => {
    const doc = graph([inp('x', 1, { name: 'x\u0001\u0008y' })], []);
    const xml = parseSvg(examSvg(analyze(doc), { view: 'student' }));
    expect(xml.documentElement.textContent).toContain('x\ufffd\ufffdy');
  });
});

describe('tensors', () => {
  // problems.md P4: I (4 × 3) ⋆ K (2 × 2) = [[1.5, 2.5], [6, 5], [4.5, 3.5]].
  const doc = graph(
    [
      inp('I', { shape: [1, 4, 3], data: [1, 2, -1, 0, 3, 5, 2, 1, 4, 3, 0, -2] }),
      inp('K', { shape: [1, 1, 2, 2], data: [-0.5, 1, 1.5, 0] }),
      ['O', 'conv2d', { params: { outChannels: 1, kernel: 2, bias: false } }],
    ],
    [
      ['I', 'O', 'x'],
      ['K', 'O', 'weight'],
    ],
  );
  const an = analyze(doc);

  it('prints a small tensor as a table of cells, a blank cell empty', () => {
    const blanks = ['cell:O:value:2', 'shape:O'];
    const student = labels(parseSvg(examSvg(an, { view: 'student', blanks })));
    expect(student.get('shape:O')).toBe('f3 ∈ ');
    expect(student.has('cell:O:value:2')).toBe(false);
    expect(student.get('cell:O:value:3')).toBe('5');
    const key = labels(parseSvg(examSvg(an, { view: 'answer', blanks })));
    expect(key.get('shape:O')).toBe('f3 ∈ 1×3×2');
    expect(key.get('cell:O:value:2')).toBe('6');
    expect(key.get('cell:O:value:5')).toBe('3.5');
  });
});
