/** `-o` to a place that cannot be written: one clear line and status 2 from every command, at once. */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors';
import { runInProcess as run } from '../cli-in-process';
import { tempDir } from '../tmp';

const ROOT = resolve(import.meta.dirname, '../..');
const P1 = 'public/examples/p1-backprop.json';
const P3 = 'public/examples/p3-linear-mse-update.json';

/** Every command that takes -o, with arguments that would otherwise succeed. */
const COMMANDS: [string, string[]][] = [
  ['export', ['-e', 'x*2', '--at', 'x=1']],
  ['pytorch', [P1]],
  ['render', [P1]],
  ['tikz', [P1]],
  ['step', [P3, '--lr', '1', '--mean']],
];

const dir = tempDir('backprop-out-');
const aFile = join(dir, 'a-file.txt');
writeFileSync(aFile, 'kept');

/** Places nothing can write to, even root (sysfs refuses new files), with the reason given. */
const PLACES: [string, string, string][] = [
  ['a missing directory', join(dir, 'missing', 'out'), 'no such directory'],
  ['a directory', dir, 'is a directory'],
  ['a read-only location', '/sys/out', 'permission denied'],
  ['a full device', '/dev/full', 'no space left on the device'],
  ['a path through a file', join(aFile, 'out'), 'a parent is not a directory'],
];

const refusal = (argv: string[]): string => {
  try {
    run(...argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return (e as Error).message;
  }
  throw new Error(`${argv.join(' ')} succeeded`);
};

describe('-o to an unwritable path', () => {
  for (const [command, args] of COMMANDS) {
    it.each(PLACES)(`${command} -o to %s`, (_what, path, reason) => {
      expect(refusal([command, ...args, '-o', path])).toBe(`cannot write ${path}: ${reason}`);
    });
  }

  it.each([
    ['a file', aFile, `cannot write to ${aFile}: not a directory`],
    ['a full device', '/dev/full', 'cannot write to /dev/full: not a directory'],
    ['a read-only location', '/sys/variants', 'cannot write /sys/variants: permission denied'],
    ['a path through a file', join(aFile, 'd'), `cannot write ${join(aFile, 'd')}: a parent is not a directory`],
  ])('variants -o to %s is refused before any variant is made', (_what, path, message) => {
    const started = Date.now();
    // 999 variants take minutes: the refusal must come first.
    expect(refusal(['variants', P1, '-n', '999', '-o', path])).toBe(message);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readFileSync(aFile, 'utf8')).toBe('kept');
  });

  it('variants removes the directories it made when no variants can be made', () => {
    const fresh = join(dir, 'fresh');
    expect(refusal(['variants', P1, '-n', '999', '-o', join(fresh, 'sub')])).toMatch(/^only \d+ distinct variants/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('replaces an existing file whole, keeping its permissions, and leaves no temporary file', () => {
    const out = join(dir, 'kept-mode.json');
    writeFileSync(out, 'old');
    chmodSync(out, 0o640);
    expect(run('export', '-e', 'x*2', '--at', 'x=1', '-o', out).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).nodes.map((n: { id: string }) => n.id)).toEqual(['x', 'scale1']);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(refusal(['export', '-e', 'x*2', '--at', 'x=1', '-o', join(dir, 'missing', 'x')])).toMatch(/no such directory/);
  });

  it('writes through a symbolic link to the file it names, leaving the link in place', () => {
    const real = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    expect(run('export', '-e', 'x*2', '--at', 'x=1', '-o', link).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(real, 'utf8')).output).toBe('scale1');
  });

  it('as a real process: status 2 and one line on stderr', async () => {
    const result = await new Promise<{ code: unknown; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'variants', P1, '-n', '999', '-o', '/dev/full'],
        { cwd: ROOT, timeout: 20_000 },
        (error, stdout, stderr) => done({ code: error?.code ?? 0, stdout, stderr }),
      );
    });
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'backprop: cannot write to /dev/full: not a directory\n' });
  });
});
