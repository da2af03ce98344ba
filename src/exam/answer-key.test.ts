import { readFileSync } from 'node:fs';
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { analyze } from '../graph/analyze';
import { createExactEngine } from '../exact/engine';
import { parseDocument } from '../graph/load';
import { answerKeyMarkdown, answerRows } from './answer-key';

function p1() {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return analyze(r.doc);
}

const HEADER = '| blank | exact | decimal |\n| --- | --- | --- |\n';

describe('answer key of P1 (seed exam 000: b1..b7 = -6 ln2, 6 ln2, 2, -6 ln2, -6 ln2, -3, 1)', () => {
  const an = p1();
  const exact = createExactEngine(mathjs).exactValues(an.plan, an.evaluation);

  it('lists the blanks with the exam’s exact forms beside the decimals', () => {
    expect(answerKeyMarkdown(an, { blanks: ['b6', 'b1', 'b2', 'b3', 'b4', 'b5'], answers: exact })).toBe(
      `${HEADER}| b1 | -6 ln 2 | -4.159 |\n| b2 | 6 ln 2 | 4.159 |\n| b3 | 2 | 2 |\n| b4 | -6 ln 2 | -4.159 |\n| b5 | -6 ln 2 | -4.159 |\n| b6 | -3 | -3 |\n`,
    );
  });

  it('marks what only the decimal is known of without exact forms; integers are exact anyway', () => {
    expect(answerKeyMarkdown(an, { blanks: ['b3', 'b6'] })).toBe(`${HEADER}| b3 | 2 | 2 |\n| b6 | -3 | -3 |\n`);
    expect(answerKeyMarkdown(an, { blanks: ['b1', 'b3'] })).toContain(`| b1 | — | -4.159 |\n`);
  });

  it('answers the gradients the sheet hides because they would give b1 away (b2 = −b1, b4 = b5 = b1)', () => {
    expect(answerRows(an, { blanks: ['b1', 'b3'] }).map((r) => [r.label, r.decimal])).toEqual([
      ['b1', '-4.159'],
      ['b2', '4.159'],
      ['b3', '2'],
      ['b4', '-4.159'],
      ['b5', '-4.159'],
    ]);
  });

  it('lists every f_i then every b_i when there are no blanks', () => {
    const rows = answerRows(an);
    expect(rows.map((r) => r.label)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']);
    expect(answerKeyMarkdown(an)).toContain('| f4 | -1 | -1 |\n');
    expect(rows.map((r) => r.decimal)).toEqual([
      '2',
      '1',
      '-3',
      '-1',
      '1',
      '2',
      '-6',
      '-4.159',
      '4.159',
      '2',
      '-4.159',
      '-4.159',
      '-3',
      '1',
    ]);
  });

  it('reads the document’s blanks and skips those that no longer fit the graph', () => {
    const doc = { ...an.doc, meta: { exam: { blanks: ['f7', 'b99', 'shape:gone'] } } };
    expect(answerRows(analyze(doc)).map((r) => r.key)).toEqual(['f7']);
  });
});

describe('answer key rows for tensors and user labels', () => {
  // problems.md P4: I ⋆ K = [[1.5, 2.5], [6, 5], [4.5, 3.5]].
  const doc = graph(
    [
      inp('I', { shape: [1, 4, 3], data: [1, 2, -1, 0, 3, 5, 2, 1, 4, 3, 0, -2] }),
      inp('K', { shape: [1, 1, 2, 2], data: [-0.5, 1, 1.5, 0] }),
      ['O', 'conv2d', { params: { outChannels: 1, kernel: 2, bias: false }, label: 'O|x*' }],
    ],
    [
      ['I', 'O', 'x'],
      ['K', 'O', 'weight'],
    ],
  );
  const an = analyze(doc);

  it('names cells with 1-based indices, as the exams do, and gives shapes and parameter counts', () => {
    const rows = answerRows(an, { blanks: ['cell:O:value:2', 'shape:O', 'params:O', 'f3'] });
    expect(rows.map((r) => [r.label, r.exact, r.decimal])).toEqual([
      ['O|x*', '—', '[[[1.5, 2.5], [6, 5], [4.5, 3.5]]]'],
      ['shape of O|x*', '1×3×2', '1×3×2'],
      ['params of O|x*', '4', '4'],
      ['O|x*[1,2,1]', '6', '6'],
    ]);
  });

  it('escapes Markdown in labels so the table keeps its columns', () => {
    expect(answerKeyMarkdown(an, { blanks: ['cell:O:value:2'] })).toBe(`${HEADER}| O\\|x\\*\\[1,2,1\\] | 6 | 6 |\n`);
  });
});
