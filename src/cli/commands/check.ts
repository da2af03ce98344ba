import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../graph/analyze';
import { checkExact, checkExpected, countExpected, needsValues } from '../../graph/fixture';
import type { GraphDocument } from '../../graph/schema';
import type { Command, Io } from '../command';
import { CliError, errorLine } from '../errors';
import { exactColumns } from '../exact';
import { readDocument } from '../source';

/** The files to check: each argument, a directory standing for the .json files directly in it. */
function expand(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // Reading it will fail with a clear message, reported with the other files.
      return [path];
    }
    if (!isDir) return [path];
    const files = readdirSync(path)
      .filter((f) => f.endsWith('.json'))
      .sort();
    if (!files.length) throw new CliError(`no .json files in ${path}`);
    return files.map((f) => join(path, f));
  });
}

/** The verdict on a document without answers, and how to give it some. */
export const NOTHING_TO_COMPARE = 'no expected values: run `backprop export --expected` or Save as fixture';

const OK = 0;
const FAILED = 1;
const UNREADABLE = 2;

/** Checks one file and prints its verdict; returns its status. */
function checkFile(path: string, io: Io): number {
  let doc: GraphDocument;
  try {
    doc = readDocument(path);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(`${errorLine(e)}\n`);
    return UNREADABLE;
  }
  // Nothing to compare must not read as a pass: `ok` would vouch for answers nobody wrote down.
  if (!doc.expected || countExpected(doc.expected) === 0) {
    io.out(`FAIL  ${path}: ${NOTHING_TO_COMPARE}\n`);
    return FAILED;
  }
  // A document that only states shapes and costs (a whole VGG) is checked without evaluating it.
  const an = analyze(doc, { shapesOnly: !needsValues(doc.expected) });
  const hasExact = Object.values(doc.expected.nodes ?? {}).some((e) => e.exact);
  const mismatches = [...checkExpected(an), ...(hasExact ? checkExact(an, exactColumns(an)) : [])];
  if (!mismatches.length) {
    io.out(`ok    ${path}\n`);
    return OK;
  }
  const n = mismatches.length;
  io.out(`FAIL  ${path}: ${n} mismatch${n === 1 ? '' : 'es'}\n`);
  for (const m of mismatches) io.out(`  ${m.path}\n    expected: ${m.expected}\n    actual:   ${m.actual}\n`);
  return FAILED;
}

/** `check`: compares documents with the answers in their `expected` block (CI runs it on the examples). */
export const checkCommand: Command = {
  name: 'check',
  summary: "compare documents with the answers in their 'expected' block",
  synopsis: ['<file.json | directory>...'],
  options: [],
  run(args, io) {
    if (!args.positionals.length) throw new CliError("check needs at least one file or directory (see 'backprop help check')");
    const files = expand(args.positionals);
    // Every file is checked even after a failure, so one run lists everything that is wrong.
    const statuses = files.map((path) => checkFile(path, io));
    const failed = statuses.filter((s) => s !== OK).length;
    if (files.length > 1) io.out(failed ? `${failed} of ${files.length} files failed\n` : `all ${files.length} files match\n`);
    return Math.max(OK, ...statuses);
  },
};
