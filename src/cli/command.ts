import type { OptionSpec, ParsedArgs } from './args';

/** Where a command writes: the real streams in main.ts, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * One subcommand, declared as data (like excalidraw's actions): the help text and the option
 * parser read the same object. Adding a command is one file exporting a Command and one line in
 * commands/index.ts.
 */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Argument patterns after the name, one per line of help: `<file.json> [--json]`. */
  readonly synopsis: readonly string[];
  readonly options: readonly OptionSpec[];
  /**
   * Runs the command and returns its exit status (0 success, 1 a negative answer such as a failed
   * check); throws CliError for bad usage or input.
   */
  run(args: ParsedArgs, io: Io): number;
}
