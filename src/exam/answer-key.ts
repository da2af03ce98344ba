import type { Analysis, NodeResult } from '../graph/analyze';
import { markdownText } from '../escape/markdown';
import { strides } from '../tensor/tensor';
import { cellAnswer, paramsAnswer, shapeAnswer, valueAnswer, type Answer, type ExactAnswers } from './answers';
import { blankName, blankProblem, normalizeBlanks, parseBlank, readExam, type Blank } from './blanks';
import { fairBlanks } from './giveaways';

/** Which rows the key lists, and the exact forms to give. */
export interface AnswerKeyOptions {
  /** The blanks by name; the document's when absent; every f_i and b_i when there are none. */
  readonly blanks?: readonly string[];
  readonly answers?: ExactAnswers;
}

/** One line of the key. */
export interface AnswerRow {
  /** The blank's name ("b1", "cell:O:value:3"). */
  readonly key: string;
  /** As the diagram prints it: "f4", a user's label, "b1", "O[2,1]" (1-based, as the exams count). */
  readonly label: string;
  /** The exact form, or "—" when only the decimal is known. */
  readonly exact: string;
  readonly decimal: string;
}

/** A flat row-major index as 1-based indices in the node's shape: "[2,1]". */
function cellIndex(r: NodeResult, at: number): string {
  const shape = r.shape ?? [];
  return `[${strides(shape)
    .map((s, d) => (Math.floor(at / s) % shape[d]) + 1)
    .join(',')}]`;
}

function row(b: Blank, an: Analysis, exact: ExactAnswers | undefined): AnswerRow | null {
  const r = 'index' in b ? an.nodes[b.index] : an.byId.get(b.node);
  if (!r) return null;
  let label: string;
  let answer: Answer | null;
  switch (b.kind) {
    case 'value':
      [label, answer] = [r.label, valueAnswer(r.value, exact?.value[r.index])];
      break;
    case 'grad':
      [label, answer] = [`b${r.index + 1}`, valueAnswer(r.grad, exact?.grad[r.index])];
      break;
    case 'shape':
      [label, answer] = [`shape of ${r.label}`, r.shape ? shapeAnswer(r.shape) : null];
      break;
    case 'params':
      [label, answer] = [`params of ${r.label}`, paramsAnswer(r)];
      break;
    case 'cell':
      [label, answer] = [`${b.of === 'value' ? r.label : `b${r.index + 1}`}${cellIndex(r, b.at)}`, cellAnswer(r, b.of, b.at)];
      break;
  }
  return { key: blankName(b), label, exact: answer?.exact ?? '—', decimal: answer?.decimal ?? '—' };
}

/**
 * The rows of the answer key: one per blank that fits the graph, in key order (f, then b, then
 * shapes, parameter counts and cells); without blanks, every value f_i and every gradient b_i.
 */
export function answerRows(an: Analysis, opts: AnswerKeyOptions = {}): AnswerRow[] {
  const asked = normalizeBlanks(opts.blanks ?? readExam(an.doc).blanks).filter((name) => blankProblem(name, an.plan) === null);
  // The sheet hides the numbers that would give a blank away; the key answers them too.
  const chosen = fairBlanks(an, asked);
  const names = chosen.length
    ? chosen
    : [...an.nodes.map((r) => `f${r.index + 1}`), ...an.nodes.filter((r) => r.grad !== undefined).map((r) => `b${r.index + 1}`)];
  return names.flatMap((name) => {
    const b = parseBlank(name);
    const line = b && row(b, an, opts.answers);
    return line ? [line] : [];
  });
}

/** The answer key as a Markdown table: `| b1 | -6 ln 2 | -4.159 |`. */
export function answerKeyMarkdown(an: Analysis, opts: AnswerKeyOptions = {}): string {
  const lines = answerRows(an, opts).map((r) => `| ${markdownText(r.label)} | ${markdownText(r.exact)} | ${markdownText(r.decimal)} |`);
  return ['| blank | exact | decimal |', '| --- | --- | --- |', ...lines, ''].join('\n');
}
