import { writeFileSync } from 'node:fs';
import { optionValue, type ParsedArgs } from './args';
import type { Io } from './command';
import { CliError, describeFsError } from './errors';

/** Writes a file, turning a file-system failure into one clear line. */
export function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${describeFsError(e, true)}`);
  }
}

/** Writes the text to the `-o` file when given, else to stdout. */
export function emit(args: ParsedArgs, io: Io, text: string): void {
  const path = optionValue(args, 'output');
  if (path === undefined) io.out(text);
  else writeText(path, text);
}
