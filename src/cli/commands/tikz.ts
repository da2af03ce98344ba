import { examTikz } from '../../exam';
import type { Command } from '../command';
import { EXAM_OPTIONS, examInput, finish } from './render';

/** `tikz`: the exam figure as LaTeX, a tikzpicture to paste into an exam or a whole document. */
export const tikzCommand: Command = {
  name: 'tikz',
  summary: 'write the exam figure as LaTeX/TikZ: a tikzpicture, or a whole document (--standalone)',
  synopsis: [
    '<file.json> [--blanks f4,b5] [--answers] [--decimals] [--standalone] [--natural-size] [-o out.tex]',
    '-e <formula> --at x=2,y=1 [--blanks …] [--answers] [--standalone] [-o out.tex]',
  ],
  options: [
    ...EXAM_OPTIONS,
    { name: 'standalone', help: 'a complete document (article and tikz only) instead of the bare tikzpicture' },
    {
      name: 'natural-size',
      help: 'draw the picture at its own size; by default one wider than the line it is pasted into is scaled down to \\linewidth',
    },
    { name: 'output', short: 'o', value: 'out.tex', help: 'write to this file instead of stdout' },
  ],
  run(args, io) {
    const input = examInput(args, 'tikz');
    return finish(
      args,
      io,
      input,
      examTikz(input.an, {
        ...input,
        standalone: args.flags.has('standalone'),
        fit: args.flags.has('natural-size') ? 'natural' : 'linewidth',
      }),
    );
  },
};
