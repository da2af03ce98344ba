import { analyze, type Analysis } from '../../graph/analyze';
import { problemText } from '../../graph/problems';
import { blankProblem, examSvg, giveaways, giveawayText, readExam, type ExactAnswers, type ExamView } from '../../exam';
import { optionValue, type OptionSpec, type ParsedArgs } from '../args';
import type { Command, Io } from '../command';
import { CliError, PROGRAM } from '../errors';
import { emit } from '../output';
import { exactColumns } from '../exact';
import { SOURCE_OPTIONS, loadGraph } from '../source';

/** The options `render` and `tikz` share. */
export const EXAM_OPTIONS: readonly OptionSpec[] = [
  ...SOURCE_OPTIONS,
  { name: 'blanks', value: 'f4,b5', help: "the blanks, replacing the document's (f_i, b_i, shape:<id>, params:<id>, cell:<id>:value:<i>)" },
  { name: 'answers', help: 'the answer key: blanks filled in (default: the student sheet, blanks empty)' },
  { name: 'decimals', help: 'numbers to 4 significant digits, not in exact form (-4.159 rather than -6 ln 2)' },
];

/** What an exam figure is drawn from: the analysed graph, its blanks, the view and the exact forms. */
export interface ExamInput {
  readonly an: Analysis;
  readonly blanks: readonly string[];
  readonly view: ExamView;
  readonly answers: ExactAnswers | undefined;
}

/**
 * Loads the graph and the blanks: `--blanks` (comma-separated) replaces the document's.
 * @throws CliError for a blank that does not fit the graph, naming what the graph has.
 */
export function examInput(args: ParsedArgs, command: string): ExamInput {
  const an = analyze(loadGraph(args, command));
  const flag = optionValue(args, 'blanks');
  const blanks =
    flag === undefined
      ? readExam(an.doc).blanks
      : flag
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  for (const name of blanks) {
    const problem = blankProblem(name, an.plan);
    if (problem) throw new CliError(problem);
  }
  const answers = args.flags.has('decimals') ? undefined : exactColumns(an);
  return { an, blanks, view: args.flags.has('answers') ? 'answer' : 'student', answers };
}

/**
 * Writes the text to `-o` or stdout; names the printed numbers hidden because they would give a
 * blank away; reports the nodes whose label prints a dash for want of an answer and returns 1 if
 * there are any, as `eval` does for errors. A tensor too large to evaluate still has its shape,
 * which is all its label prints.
 */
export function finish(args: ParsedArgs, io: Io, input: ExamInput, text: string): number {
  const { an } = input;
  emit(args, io, text);
  const hidden = giveaways(an, input.blanks).map(giveawayText);
  if (hidden.length) io.err(`${PROGRAM}: also hidden, as they would give a blank away: ${hidden.join(', ')}\n`);
  const dashes = an.invalid.filter((r) => r.shape === null || (r.shape.length === 0 && r.value === undefined));
  for (const r of dashes)
    io.err(`${PROGRAM}: ${r.label} has no value (${r.problem ? problemText(r.problem, an.labels) : ''}); the figure shows a dash\n`);
  return dashes.length ? 1 : 0;
}

/** `render`: the exam figure as print-ready SVG. */
export const renderCommand: Command = {
  name: 'render',
  summary: 'draw the exam figure as SVG: blanks empty (student sheet) or filled in (--answers)',
  synopsis: [
    '<file.json> [-o out.svg] [--blanks f4,b5] [--answers] [--decimals]',
    '-e <formula> --at x=2,y=1 [--blanks …] [--answers] [-o out.svg]',
  ],
  options: [...EXAM_OPTIONS, { name: 'output', short: 'o', value: 'out.svg', help: 'write to this file instead of stdout' }],
  run(args, io) {
    const input = examInput(args, 'render');
    return finish(args, io, input, examSvg(input.an, input));
  },
};
