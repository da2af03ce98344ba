import { optionSynopsis, optionValue, parseArgs, type OptionSpec } from './args';
import type { Command, Io } from './command';
import { COMMANDS } from './commands';
import { CliError, PROGRAM } from './errors';
import { checkOutputPath } from './output';

const HELP: OptionSpec = { name: 'help', short: 'h', help: 'show the usage of this command' };

function commandUsage(c: Command): string {
  const synopsis = c.synopsis.map((s) => `  ${PROGRAM} ${c.name} ${s}`);
  const options = [...c.options, HELP];
  const width = Math.max(...options.map((o) => optionSynopsis(o).length));
  const lines = options.map((o) => `    ${optionSynopsis(o).padEnd(width)}  ${o.help}`);
  return [`${c.name}: ${c.summary}`, ...synopsis, ...lines].join('\n');
}

/** The full usage text: every command with its options. */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 'help'.length);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    `  (from the repository root: npm run --silent ${PROGRAM} -- <command> [options])`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show this text, or one command's: help <command>`,
    '',
    ...COMMANDS.flatMap((c) => [commandUsage(c), '']),
    'Exit status: 0 success; 1 a check failed or a node has an error; 2 bad usage or input.',
    '',
  ].join('\n');
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  const what = name.startsWith('-') ? 'option' : 'command';
  throw new CliError(`unknown ${what} ${name}; commands: ${[...COMMANDS.map((c) => c.name), 'help'].join(', ')}`);
}

/**
 * Runs one command line (the arguments after the program name) and returns the exit status.
 * @throws CliError for bad usage or input; anything else is a bug.
 */
export function runCli(argv: readonly string[], io: Io): number {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    if (rest.length > 1) throw new CliError(`help takes at most one command, got ${rest.join(' ')}`);
    io.out(rest.length ? `${commandUsage(findCommand(rest[0]))}\n` : usage());
    return 0;
  }
  const command = findCommand(name);
  const args = parseArgs(rest, [...command.options, HELP], command.name);
  if (args.flags.has('help')) {
    io.out(`${commandUsage(command)}\n`);
    return 0;
  }
  const output = optionValue(args, 'output');
  if (output !== undefined) checkOutputPath(output, command.options.find((o) => o.name === 'output')?.directory ? 'directory' : 'file');
  return command.run(args, io);
}
