/** `variants` in-process through runCli, writing into temporary directories. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors';
import { analyze } from '../../src/graph/analyze';
import { readExam } from '../../src/exam';
import { parseDocument } from '../../src/graph/load';
import { tempDir } from '../tmp';
import { runInProcess } from '../cli-in-process';

const P1 = 'public/examples/p1-backprop.json';
const B1_TO_B6 = 'b1,b2,b3,b4,b5,b6';

const run = runInProcess;

const numbers = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1).padStart(2, '0'));

function readDoc(path: string) {
  const r = parseDocument(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

/** The text of the labelled <text> for a blank. */
function label(svg: string, key: string): string | undefined {
  const m = new RegExp(`<text [^>]*data-key="${key}"[^>]*>(.*?)</text>`).exec(svg);
  return m?.[1].replace(/<[^>]+>/g, '');
}

describe('variants of P1 with blanks b1..b6', () => {
  const dir = join(tempDir('backprop-variants-'), 'class');
  const first = run('variants', P1, '--blanks', B1_TO_B6, '-n', '30', '--seed', '7', '-o', dir);

  it('prints one line per variant, then every path it wrote', () => {
    expect([first.status, first.stderr]).toEqual([0, '']);
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 30).map((l) => l.slice(0, 11))).toEqual(numbers(30).map((k) => `variant ${k}:`));
    for (const line of lines.slice(0, 30)) expect(line).toMatch(/^variant \d\d: x = -?\d, y = -?\d, z = -?\d$/);
    expect(lines[30]).toBe('wrote 91 files:');
    expect(lines.slice(31)).toEqual([
      ...numbers(30).flatMap((k) => ['.json', '.svg', '-key.md'].map((ext) => `  ${join(dir, `variant-${k}${ext}`)}`)),
      `  ${join(dir, 'answer-key.md')}`,
    ]);
  });

  it('writes documents with the printed values and the blanks, each evaluating without errors', () => {
    const printed = first.stdout.split('\n').slice(0, 30);
    numbers(30).forEach((k, i) => {
      const doc = readDoc(join(dir, `variant-${k}.json`));
      expect(doc.title).toBe(`P1. Backprop on f = z · 2^(x − y) — variant ${i + 1}`);
      expect(readExam(doc).blanks).toEqual(B1_TO_B6.split(','));
      const an = analyze(doc);
      expect(an.invalid).toEqual([]);
      const values = an.nodes
        .slice(0, 3)
        .map((r) => `${r.name} = ${r.value}`)
        .join(', ');
      expect(printed[i]).toBe(`variant ${k}: ${values}`);
    });
  });

  it('draws student sheets: inputs shown, the blanks empty, no answer of theirs in the file', () => {
    const doc = readDoc(join(dir, 'variant-01.json'));
    const svg = readFileSync(join(dir, 'variant-01.svg'), 'utf8');
    expect(svg).toMatch(/^<svg [^]*\(student sheet\)<\/title>[^]*<\/svg>\n$/);
    const x = doc.nodes.find((nd) => nd.id === 'x')?.value as number;
    expect(label(svg, 'f1')).toBe(`f1 = ${String(x).replace('-', '−')}`);
    for (const b of B1_TO_B6.split(',')) expect(label(svg, b)).toBe(`${b} = `);
    expect(svg).not.toContain('ln 2');
  });

  it('writes a key per variant and the combined key with 30 sections', () => {
    const key = readFileSync(join(dir, 'variant-01-key.md'), 'utf8');
    const inputs = first.stdout.split('\n')[0].replace(/^variant 01: /, '');
    expect(key).toMatch(
      new RegExp(`^# P1\\. Backprop on f = z · 2\\^\\(x − y\\) — variant 1\n\nInputs: ${inputs}\n\n\\| blank \\| exact \\| decimal \\|\n`),
    );
    expect(key).toMatch(/^\| b1 \| [^|]*ln 2[^|]* \| /m);
    const combined = readFileSync(join(dir, 'answer-key.md'), 'utf8');
    expect(combined.startsWith('# P1. Backprop on f = z · 2^(x − y): answer keys of 30 variants\n')).toBe(true);
    expect(combined.match(/^## Variant \d\d$/gm)).toEqual(numbers(30).map((k) => `## Variant ${k}`));
    expect(combined).toContain(`## Variant 01\n\nInputs: ${inputs}\n\n${key.slice(key.indexOf('| blank'))}`);
  });

  it('refuses to write into the directory again without --force', () => {
    const again = () => run('variants', P1, '-n', '30', '--seed', '7', '-o', dir);
    expect(again).toThrow(CliError);
    expect(again).toThrow(`${dir} is not empty: pass --force to replace the variants in it`);
  });
});

describe('variants --force', () => {
  it('replaces a larger earlier run’s files, and leaves files it did not write alone', () => {
    const dir = tempDir('backprop-variants-');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(run('variants', P1, '--blanks', 'b1', '-n', '4', '-o', dir, '--force').status).toBe(0);
    expect(run('variants', P1, '--blanks', 'b1', '-n', '2', '-o', dir, '--force').status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'answer-key.md',
      'notes.txt',
      'variant-01-key.md',
      'variant-01.json',
      'variant-01.svg',
      'variant-02-key.md',
      'variant-02.json',
      'variant-02.svg',
    ]);
    expect(readFileSync(join(dir, 'answer-key.md'), 'utf8').match(/^## Variant/gm)).toHaveLength(2);
  });
});

describe('variants: usage and input errors', () => {
  it('builds the question from a formula too, and warns when there are no blanks', () => {
    const dir = tempDir('backprop-variants-');
    const { status, stdout, stderr } = run('variants', '-e', 'x * y', '--at', 'x=2,y=3', '-n', '2', '-o', dir);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^variant 01: x = -?\d, y = -?\d\nvariant 02: /);
    expect(stderr).toBe('backprop: the document has no blanks, so each student sheet shows every answer; choose some with --blanks\n');
    expect(existsSync(join(dir, 'variant-02.svg'))).toBe(true);
  });

  it.each([
    [['variants', P1, '-o', 'out'], "variants needs -n <count> (see 'backprop help variants')"],
    [['variants', P1, '-n', '3'], "variants needs -o <dir> (see 'backprop help variants')"],
    [['variants', P1, '-n', '0', '-o', 'out'], '-n must be between 1 and 999, got 0'],
    [['variants', P1, '-n', 'three', '-o', 'out'], '-n must be an integer, got "three"'],
    [['variants', P1, '-n', '3', '--seed', '1.5', '-o', 'out'], '--seed must be an integer, got "1.5"'],
    [['variants', P1, '-n', '3', '--blanks', 'b9', '-o', 'out'], 'unknown blank b9: the graph has f1..f7 and b1..b7'],
    [
      ['variants', '-e', 'log(x - x)', '--at', 'x=2', '-n', '3', '-o', 'out'],
      'only 0 distinct variants of this graph have valid, compact answers with x in -5..5',
    ],
  ])('rejects %j in one line, writing nothing', (argv, message) => {
    const call = () => run(...argv);
    expect(call).toThrow(CliError);
    expect(call).toThrow(message);
    expect(call).not.toThrow(/\n/);
    expect(existsSync('out')).toBe(false);
  });

  it('refuses an output path that is a file', () => {
    const file = join(tempDir('backprop-variants-'), 'taken');
    writeFileSync(file, '');
    expect(() => run('variants', P1, '-n', '1', '-o', file)).toThrow(`cannot write to ${file}: not a directory`);
  });
});

describe('variants of P1 with blanks b1..b3 (issue 14: b4 and b5 gave them away)', () => {
  const dir = join(tempDir('backprop-variants-'), 'class');
  const r = run('variants', P1, '--blanks', 'b1,b2,b3', '-n', '4', '--seed', '7', '--sizes', '0.1,50', '--digits', '2', '-o', dir);

  it('says on each variant’s line which printed numbers it also hides', () => {
    expect([r.status, r.stderr]).toEqual([0, '']);
    for (const line of r.stdout.split('\n').slice(0, 4))
      expect(line).toMatch(
        /^variant \d\d: x = -?\d, y = -?\d, z = -?\d; also hidden, as they would give a blank away: b4 \(= b1\), b5 \(= b1\)(?:, b6 \(= b3\))?$/,
      );
    // Variant 03 has z = 2 = 2^(x − y), so b6 = z equals b3 = 2^(x − y) there by chance.
    expect(r.stdout).toContain(
      'variant 03: x = -4, y = -5, z = 2; also hidden, as they would give a blank away: b4 (= b1), b5 (= b1), b6 (= b3)',
    );
  });

  it('leaves b4 and b5 empty on each student sheet, and answers them in each key', () => {
    for (const k of numbers(4)) {
      const svg = readFileSync(join(dir, `variant-${k}.svg`), 'utf8');
      expect([label(svg, 'b4'), label(svg, 'b5')]).toEqual(['b4 = ', 'b5 = ']);
      expect(readFileSync(join(dir, `variant-${k}-key.md`), 'utf8')).toMatch(/\| b4 \|[^\n]*\n\| b5 \|/);
    }
  });

  it('refuses a malformed band, saying what it takes', () => {
    expect(() => run('variants', P1, '-n', '2', '--sizes', '5', '-o', join(dir, 'x'))).toThrow(
      new CliError('--sizes takes the smallest and largest size as two numbers, such as 0.1,20; got "5"'),
    );
    expect(() => run('variants', P1, '-n', '2', '--digits', 'two', '-o', join(dir, 'x'))).toThrow(
      new CliError('--digits must be an integer, got "two"'),
    );
  });
});
