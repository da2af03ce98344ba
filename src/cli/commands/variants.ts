import { existsSync, mkdirSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { blankProblem, examSvg, giveaways, giveawayText, readExam, withBlanks } from '../../exam';
import {
  combinedKeyMarkdown,
  generateVariants,
  valuesText,
  variantKeyMarkdown,
  variantNumber,
  VariantError,
  type DifficultyBand,
  type Variant,
} from '../../exam/variants';
import { compile } from '../../graph/compile';
import type { GraphDocument } from '../../graph/schema';
import { optionValue, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { CliError, describeFsError, PROGRAM } from '../errors';
import { exactEngine } from '../exact';
import { EXPECTED_OPTION } from '../fixture';
import { documentText, writeText } from '../output';
import { SOURCE_OPTIONS, loadGraph } from '../source';

/** A class rarely exceeds a few hundred; the cap keeps a typo (-n 30000) from running for minutes. */
const MAX_VARIANTS = 999;

/** The files a run writes, so --force removes those of an earlier, larger run and nothing else. */
const OWN_FILE = /^(?:variant-\d+(?:\.json|\.svg|-key\.md)|answer-key\.md)$/;

/** An integer option, `shown` as the user would write it (-n, --seed); `fallback` when absent, else required. */
function integerOption(args: ParsedArgs, name: string, shown: string, fallback?: number): number {
  const text = optionValue(args, name);
  if (text === undefined) {
    if (fallback === undefined) throw new CliError(`variants needs ${shown} <${name}> (see 'backprop help variants')`);
    return fallback;
  }
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new CliError(`${shown} must be an integer, got "${text}"`);
  return Number(text);
}

/** `--sizes 0.1,20` and `--digits 3`: the difficulty band; the engine checks the numbers make sense. */
function bandOption(args: ParsedArgs): DifficultyBand {
  const sizes = optionValue(args, 'sizes');
  const digits = optionValue(args, 'digits') === undefined ? undefined : integerOption(args, 'digits', '--digits');
  if (sizes === undefined) return { digits };
  const parts = sizes.split(',').map((s) => s.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || numbers.some(Number.isNaN))
    throw new CliError(`--sizes takes the smallest and largest size as two numbers, such as 0.1,20; got "${sizes}"`);
  return { smallest: numbers[0], largest: numbers[1], digits };
}

/** The document, with `--blanks` (comma-separated) replacing its own so the variants carry them. */
function loadQuestion(args: ParsedArgs): GraphDocument {
  const doc = loadGraph(args, 'variants');
  const flag = optionValue(args, 'blanks');
  if (flag === undefined) return doc;
  const blanks = flag
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const plan = compile(doc);
  for (const name of blanks) {
    const problem = blankProblem(name, plan);
    if (problem) throw new CliError(problem);
  }
  return withBlanks(doc, blanks);
}

/**
 * Refuses a path that is not a directory, and a non-empty directory without --force: a class's
 * sheets may already be printed from it. A missing directory is made now, so a place where it
 * cannot be made is refused before minutes of work; returns the first directory made, if any.
 */
function prepareDirectory(dir: string, force: boolean): string | undefined {
  let entries: string[] = [];
  try {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new CliError(`cannot write to ${dir}: not a directory`);
      entries = readdirSync(dir);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot write to ${dir}: ${describeFsError(e)}`);
  }
  if (entries.length && !force) throw new CliError(`${dir} is not empty: pass --force to replace the variants in it`);
  try {
    return mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(`cannot write ${dir}: ${describeFsError(e, true)}`);
  }
}

/**
 * Writes the files into the directory, created if missing, and returns their paths. Files an
 * earlier run wrote there that this one does not (variant-31.json after -n 30) are removed, so
 * the directory and the combined key agree; nothing else is touched.
 */
function writeFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  const at = (name: string) => join(dir, name);
  let path = dir;
  try {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (OWN_FILE.test(name) && !files.has(name)) unlinkSync((path = at(name)));
    }
    for (const [name, text] of files) writeText((path = at(name)), text);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot write ${path}: ${describeFsError(e, true)}`);
  }
  return [...files.keys()].map(at);
}

/** Every file of a run, by name: three per variant and the combined key. */
function files(variants: readonly Variant[], title: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of variants) {
    const stem = `variant-${variantNumber(v.index, variants.length)}`;
    out.set(`${stem}.json`, documentText(v.doc));
    out.set(`${stem}.svg`, examSvg(v.analysis, { view: 'student', answers: v.answers }));
    out.set(`${stem}-key.md`, variantKeyMarkdown(v));
  }
  out.set('answer-key.md', combinedKeyMarkdown(title, variants));
  return out;
}

/** `variants`: N versions of a question with different nice input values, each with its sheet and key. */
export const variantsCommand: Command = {
  name: 'variants',
  summary: 'write N variants of a question with different nice input values: documents, student sheets and answer keys',
  synopsis: [
    '<file.json> -n 30 [--seed 7] -o dir/ [--blanks b1,b2] [--sizes 0.1,20] [--digits 3] [--force]',
    '-e <formula> --at x=2,y=1 -n 30 -o dir/ --blanks …',
  ],
  options: [
    ...SOURCE_OPTIONS,
    { name: 'count', short: 'n', value: 'n', help: `how many variants (1 to ${MAX_VARIANTS})` },
    { name: 'seed', value: 'integer', help: 'the same seed gives the same variants (default 1)' },
    { name: 'blanks', value: 'f4,b5', help: "the blanks, replacing the document's; the variants keep them" },
    {
      name: 'sizes',
      value: 'min,max',
      help: "every value and gradient this size or between (zeros as in the original); default 0.01,100 or the original's range",
    },
    { name: 'digits', value: 'n', help: 'no number in an answer’s exact form longer than n digits (scalar graphs)' },
    { name: 'output', short: 'o', value: 'dir', directory: true, help: 'the directory to write to (created if missing)' },
    { name: 'force', help: 'write into a non-empty directory, replacing the variant files there' },
    { ...EXPECTED_OPTION, help: "always on: every variant's document carries its expected block, so 'check dir/*.json' passes" },
  ],
  run(args, io) {
    const n = integerOption(args, 'count', '-n');
    if (n < 1 || n > MAX_VARIANTS) throw new CliError(`-n must be between 1 and ${MAX_VARIANTS}, got ${n}`);
    const seed = integerOption(args, 'seed', '--seed', 1);
    const dir = optionValue(args, 'output');
    if (dir === undefined) throw new CliError("variants needs -o <dir> (see 'backprop help variants')");
    const band = bandOption(args);
    const doc = loadQuestion(args);
    const made = prepareDirectory(dir, args.flags.has('force'));
    let variants: Variant[];
    try {
      variants = generateVariants(doc, { n, seed, exact: exactEngine(), band });
    } catch (e) {
      // Only the empty directories made above are removed.
      if (made !== undefined) rmSync(made, { recursive: true });
      if (e instanceof VariantError) throw new CliError(e.message);
      throw e;
    }
    const paths = writeFiles(dir, files(variants, doc.title ?? 'Computational graph'));
    for (const v of variants) {
      const hidden = giveaways(v.analysis, readExam(v.doc).blanks).map(giveawayText);
      const also = hidden.length ? `; also hidden, as they would give a blank away: ${hidden.join(', ')}` : '';
      io.out(`variant ${variantNumber(v.index, n)}: ${valuesText(v.values)}${also}\n`);
    }
    io.out(`wrote ${paths.length} files:\n${paths.map((p) => `  ${p}\n`).join('')}`);
    if (!readExam(doc).blanks.length) {
      io.err(`${PROGRAM}: the document has no blanks, so each student sheet shows every answer; choose some with --blanks\n`);
    }
    return 0;
  },
};
