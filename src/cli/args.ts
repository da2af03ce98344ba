import { CliError } from './errors';

/** An option a command accepts. */
export interface OptionSpec {
  /** The long name, given as `--name` or `--name=value`. */
  readonly name: string;
  /** A one-letter alias, given as `-x`. */
  readonly short?: string;
  /** The placeholder shown in help (`x=2,y=1`); an option without one is a flag. */
  readonly value?: string;
  /** May be given more than once; the values accumulate in order. */
  readonly repeatable?: boolean;
  /** For `--output`: the path names a directory to write into, not a file. */
  readonly directory?: boolean;
  readonly help: string;
}

/** A command line split into positional arguments, option values and flags. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Values of the options that take one, by long name, in the order given. */
  readonly values: ReadonlyMap<string, readonly string[]>;
  /** Long names of the flags given. */
  readonly flags: ReadonlySet<string>;
}

/** How an option is written in help and messages: `-e, --expr <formula>`. */
export const optionSynopsis = (o: OptionSpec): string => `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` <${o.value}>` : ''}`;

/**
 * Parses the arguments after the command name. An option that takes a value always takes the
 * next argument, even one starting with '-', so `-e "-x^2 + y"` and `--at -1` work; `--` ends
 * the options.
 * @throws CliError for an unknown option, a missing value or an option repeated by mistake.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const hint = `(see 'backprop help ${command}')`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = long ? arg.indexOf('=') : -1;
    const key = long ? arg.slice(2, eq < 0 ? undefined : eq) : arg[1];
    // `-e-x^2` as well as `-e -x^2`; only an option that takes a value can have text glued on.
    const inline = long ? (eq < 0 ? undefined : arg.slice(eq + 1)) : arg.length > 2 ? arg.slice(2) : undefined;
    const spec = specs.find((s) => (long ? s.name === key : s.short === key));
    if (!spec || (!long && inline !== undefined && !spec.value)) throw new CliError(`unknown option ${arg} for ${command} ${hint}`);
    if (!spec.value) {
      if (inline !== undefined) throw new CliError(`option --${spec.name} takes no value`);
      flags.add(spec.name);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new CliError(`option ${arg} needs a value: ${optionSynopsis(spec)}`);
      value = argv[++i];
    }
    const list = values.get(spec.name) ?? [];
    if (list.length && !spec.repeatable) throw new CliError(`option ${optionSynopsis(spec)} is given twice`);
    list.push(value);
    values.set(spec.name, list);
  }
  return { positionals, values, flags };
}

/** The value of an option that is given at most once. */
export const optionValue = (args: ParsedArgs, name: string): string | undefined => args.values.get(name)?.[0];
