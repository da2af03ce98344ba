/**
 * `render` and `tikz` in-process through runCli, one real process for the exit status, and the
 * LaTeX they write built by a real pdflatex (texlive-latex-base and texlive-pictures).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors';
import { pdflatex } from '../pdflatex';
import { tempDir } from '../tmp';
import { runInProcess, writeDoc } from '../cli-in-process';

const ROOT = resolve(import.meta.dirname, '../..');
const P1 = 'public/examples/p1-backprop.json';
const B1_TO_B6 = 'b1,b2,b3,b4,b5,b6';

const run = runInProcess;

/** The text of the labelled <text> for a blank. */
function label(svg: string, key: string): string | undefined {
  const m = new RegExp(`<text [^>]*data-key="${key}"[^>]*>(.*?)</text>`).exec(svg);
  return m?.[1].replace(/<[^>]+>/g, '');
}

describe('render', () => {
  it('hides the gradients that equal b1 or its negative, and says so on stderr', () => {
    const { status, stdout, stderr } = run('render', P1, '--blanks', 'b1');
    expect(status).toBe(0);
    expect(stderr).toBe('backprop: also hidden, as they would give a blank away: b2 (= −b1), b4 (= b1), b5 (= b1)\n');
    expect([label(stdout, 'b2'), label(stdout, 'b4'), label(stdout, 'b5'), label(stdout, 'b6')]).toEqual([
      'b2 = ',
      'b4 = ',
      'b5 = ',
      'b6 = −3',
    ]);
    expect(stdout).not.toMatch(/4\.159|ln 2/);
  });

  it('writes P1’s student sheet to stdout: b1..b6 empty, nothing of their answers in the file', () => {
    const { status, stdout, stderr } = run('render', P1, '--blanks', B1_TO_B6);
    expect([status, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="[\d.]+" height="[\d.]+" viewBox="[-\d. ]+"/);
    expect(label(stdout, 'b1')).toBe('b1 = ');
    expect(label(stdout, 'f4')).toBe('f4 = −1');
    expect(stdout).not.toMatch(/ln 2|4\.159/);
  });

  it('fills the key with the exam’s exact forms, or with decimals on request', () => {
    expect(label(run('render', P1, '--blanks', B1_TO_B6, '--answers').stdout, 'b1')).toBe('b1 = −6 ln 2');
    expect(label(run('render', P1, '--blanks', B1_TO_B6, '--answers', '--decimals').stdout, 'b1')).toBe('b1 = −4.159');
  });

  it('uses the document’s blanks without --blanks, and none with --blanks ""', () => {
    const file = writeDoc({ ...JSON.parse(readFileSync(P1, 'utf8')), meta: { exam: { blanks: ['f5'] } } });
    expect(label(run('render', file).stdout, 'f5')).toBe('f5 = ');
    expect(label(run('render', file, '--blanks', '').stdout, 'f5')).toBe('f5 = 1');
  });

  it('writes the file given with -o and nothing to stdout', () => {
    const out = join(tempDir('backprop-exam-'), 'p1.svg');
    expect(run('render', P1, '-o', out)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg [^]*<\/svg>\n$/);
  });

  it('draws a formula too, and reports a node without a value with status 1', () => {
    const { status, stdout, stderr } = run('render', '-e', 'log(x) * y', '--at', 'x=-1,y=2', '--answers');
    expect(status).toBe(1);
    expect(label(stdout, 'f3')).toBe('f3 = —');
    expect(stderr).toBe(
      'backprop: f3 has no value (log of a non-positive number: -1); the figure shows a dash\nbackprop: f4 has no value (waiting on f3, which is invalid); the figure shows a dash\n',
    );
  });

  it('prints the shape of a tensor too large to evaluate, which is all its label needs', () => {
    // problems.md P8: FC(25088, 4096) has 102,764,544 parameters.
    const { status, stdout, stderr } = run('render', 'public/examples/p8-param-counts.json');
    expect([status, stderr]).toEqual([0, '']);
    expect(label(stdout, 'shape:fcVGG')).toBe('f6 ∈ 4096');
    expect(label(stdout, 'params:fcVGG')).toBe('params = 102764544');
  });

  it.each([
    [['render', P1, '--blanks', 'f99'], 'unknown blank f99: the graph has f1..f7 and b1..b7'],
    [['render', P1, '--blanks', 'b1,b8'], 'unknown blank b8: the graph has f1..f7 and b1..b7'],
    [['tikz', P1, '--blanks', 'shape:w'], 'unknown blank shape:w: the graph has no node "w"'],
    [['render', P1, '-o', '/nonexistent-dir/p1.svg'], 'cannot write /nonexistent-dir/p1.svg: no such directory'],
  ])('rejects %j', (argv, message) => {
    const call = () => run(...argv);
    expect(call).toThrow(CliError);
    expect(call).toThrow(message);
  });

  it('exits with status 2 and one line on stderr for an unknown blank, as a real process', async () => {
    const result = await new Promise<{ code: unknown; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'render', P1, '--blanks', 'f99'],
        { cwd: ROOT },
        (error, stdout, stderr) => done({ code: error?.code ?? 0, stdout, stderr }),
      );
    });
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'backprop: unknown blank f99: the graph has f1..f7 and b1..b7\n' });
  }, 30_000);
});

describe('tikz', () => {
  it('prints the bare tikzpicture to stdout, in a box fitted to the line unless asked for its natural size', () => {
    const { status, stdout } = run('tikz', P1, '--blanks', B1_TO_B6);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^% P1\. [^\n]*\(student sheet\)[^\n]*\n\\ifdefined[^\n]*\n\\sbox[^\n]*\n\\begin\{tikzpicture\}/);
    expect(stdout).toMatch(/\\end\{tikzpicture\}%\n\}%\n\\ifdim[^\n]*\\fi\n$/);
    const natural = run('tikz', P1, '--blanks', B1_TO_B6, '--natural-size').stdout;
    expect(natural).toMatch(/^% P1\. [^\n]*\(student sheet\)[^\n]*\n\\begin\{tikzpicture\}/);
    expect(natural).toMatch(/\\end\{tikzpicture\}\n$/);
    expect(stdout).not.toContain('\\documentclass');
  });

  it('prints a whole document with --standalone', () => {
    const { stdout } = run('tikz', P1, '--standalone', '--answers', '--blanks', B1_TO_B6);
    expect(stdout).toMatch(/^\\documentclass\{article\}\n\\usepackage\{tikz\}\n/);
    expect(stdout).toContain('\\mathbf{-6 \\ln 2}');
  });
});

describe('the TikZ export builds with pdflatex', () => {
  // Labels a user could type that would break TeX if written raw, tensors drawn as tables, exact forms.
  const hostile = {
    title: 'Exam #1: 100% & more\n\\end{document}',
    nodes: [
      {
        id: 'I',
        op: 'input',
        name: 'a#b$c%d&e~f_g^h\\i{j}',
        position: { x: 0, y: 0 },
        value: { shape: [1, 4, 3], data: [1, 2, -1, 0, 3, 5, 2, 1, 4, 3, 0, -2] },
      },
      { id: 'K', op: 'input', name: 'σ é 한', position: { x: 0, y: 130 }, value: { shape: [1, 1, 2, 2], data: [-0.5, 1, 1.5, 0] } },
      {
        id: 'O',
        op: 'conv2d',
        label: '}\\end{tikzpicture}',
        params: { outChannels: 1, kernel: 2, bias: false },
        position: { x: 220, y: 0 },
      },
      { id: 'S', op: 'sum', position: { x: 440, y: 0 } },
    ],
    edges: [
      { source: 'I', target: 'O', port: 'x' },
      { source: 'K', target: 'O', port: 'weight' },
      { source: 'O', target: 'S', port: 'x' },
    ],
  };

  it.each([
    ['P1, student sheet with b1..b6 blank', [P1, '--blanks', B1_TO_B6]],
    ['P1, answer key in exact form', [P1, '--blanks', B1_TO_B6, '--answers']],
    ['hostile labels, tables and blank cells', [writeDoc(hostile), '--blanks', 'cell:O:value:2,shape:O,params:O,b4', '--answers']],
  ])(
    '%s',
    (_what, args) => {
      const dir = tempDir('backprop-exam-');
      expect(run('tikz', ...args, '--standalone', '-o', join(dir, 'exam.tex')).status).toBe(0);
      expect(pdflatex(dir, 'exam.tex')).toBeGreaterThan(0);
    },
    60_000,
  );
});

describe('the TikZ export pasted into a plain article', () => {
  /** Overfull boxes pdflatex reports for the picture pasted twice into an article's text block. */
  function overfull(...flags: string[]): number {
    const dir = tempDir('backprop-paste-');
    expect(run('tikz', P1, '--blanks', B1_TO_B6, ...flags, '-o', join(dir, 'picture.tex')).status).toBe(0);
    const body = '\\noindent\\input{picture}\n\n\\noindent\\input{picture}\n';
    writeFileSync(join(dir, 'paper.tex'), `\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n${body}\\end{document}\n`);
    pdflatex(dir, 'paper.tex');
    return (readFileSync(join(dir, 'paper.log'), 'utf8').match(/^Overfull \\hbox/gm) ?? []).length;
  }

  it('fits the text width by default, twice on one page (the fitting box is allocated once)', () => expect(overfull()).toBe(0), 60_000);

  it(
    'overhangs the text width at its natural size, as P1 is wider than an article’s text',
    () => expect(overfull('--natural-size')).toBe(2),
    60_000,
  );
});
