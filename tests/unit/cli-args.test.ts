import { describe, expect, it } from 'vitest';
import { parseArgs, type OptionSpec } from '../../src/cli/args';
import { CliError } from '../../src/cli/errors';
import { parseAt } from '../../src/cli/source';

const SPECS: OptionSpec[] = [
  { name: 'expr', short: 'e', value: 'formula', help: '' },
  { name: 'at', value: 'x=1', repeatable: true, help: '' },
  { name: 'title', value: 'text', help: '' },
  { name: 'json', help: '' },
];

const parse = (...argv: string[]) => parseArgs(argv, SPECS, 'eval');

describe('parseArgs', () => {
  it('gives an option its next argument even when that starts with a minus', () => {
    const args = parse('-e', '-x^2 + y', '--at', '-1', 'file.json', '--json');
    expect(args.values.get('expr')).toEqual(['-x^2 + y']);
    expect(args.values.get('at')).toEqual(['-1']);
    expect(args.positionals).toEqual(['file.json']);
    expect([...args.flags]).toEqual(['json']);
  });

  it('takes values glued on with = or after a short name, and accumulates a repeatable option', () => {
    const args = parse('--at=x=-1.5', '--at', 'y=2e-3', '-e-x', '--title=a=b');
    expect(args.values.get('at')).toEqual(['x=-1.5', 'y=2e-3']);
    expect(args.values.get('expr')).toEqual(['-x']);
    expect(args.values.get('title')).toEqual(['a=b']);
  });

  it('treats everything after -- as positional', () => {
    expect(parse('--', '--json', '-e').positionals).toEqual(['--json', '-e']);
  });

  it.each([
    [['--bogus'], /unknown option --bogus for eval/],
    [['-j'], /unknown option -j/],
    [['-e'], /option -e needs a value/],
    [['--json=yes'], /--json takes no value/],
    [['--title', 'a', '--title', 'b'], /--title <text> is given twice/],
  ])('rejects %j', (argv, message) => {
    expect(() => parse(...argv)).toThrow(CliError);
    expect(() => parse(...argv)).toThrow(message);
  });
});

describe('parseAt', () => {
  it('reads negative, decimal and exponent values over several options', () => {
    expect(parseAt(['x=-1.5,y=2e-3', ' z = +.5 ', 'w=3.'])).toEqual(
      new Map([
        ['x', -1.5],
        ['y', 0.002],
        ['z', 0.5],
        ['w', 3],
      ]),
    );
  });

  it.each([
    ['x', /malformed --at item "x"/],
    ['=2', /malformed/],
    ['x=', /malformed/],
    ['x=0x10', /malformed/],
    ['x=Infinity', /malformed/],
    ['x=1,,y=2', /malformed --at item ""/],
    ['x=1e999', /x=1e999 is not a finite number/],
    ['x=1,x=2', /--at gives x twice/],
  ])('rejects %s', (text, message) => {
    expect(() => parseAt([text])).toThrow(message);
  });
});
