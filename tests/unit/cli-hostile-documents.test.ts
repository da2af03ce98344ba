import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, errorLine } from '../../src/cli/errors';
import { runInProcess } from '../cli-in-process';
import { tempDir } from '../tmp';

const p1Text = readFileSync('public/examples/p1-backprop.json', 'utf8');

/** What the `backprop` process prints and returns: main.ts turns a thrown CliError into one line and exit 2. */
function run(...argv: string[]): { status: number; stdout: string; stderr: string } {
  try {
    return runInProcess(...argv);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { status: 2, stdout: '', stderr: `${errorLine(e)}\n` };
  }
}

function writeText(text: string): string {
  const file = join(tempDir('backprop-hostile-'), 'doc.json');
  writeFileSync(file, text);
  return file;
}

describe('documents the CLI reads', () => {
  it('a file starting with a UTF-8 byte-order mark is read like one without', () => {
    const plain = runInProcess('eval', writeText(p1Text));
    const bom = writeText(`\uFEFF${p1Text}`);
    expect(readFileSync(bom)[0]).toBe(0xef);
    expect(runInProcess('eval', bom)).toEqual(plain);
    expect(plain.status).toBe(0);
    expect(runInProcess('check', bom)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^ok/) });
  });

  it('100,000-deep nesting in meta or expected: one line naming the path, exit 2', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const doc = JSON.parse(p1Text);
    for (const [where, path] of [
      ['meta', 'meta.notes[0][0][0][0][0][0]…'],
      ['expected', 'expected.gradients.x[0][0][0][0][0]…'],
    ] as const) {
      const holder = where === 'meta' ? { ...doc, meta: { notes: '@' } } : { ...doc, expected: { gradients: { x: '@' } } };
      const file = writeText(JSON.stringify(holder).replace('"@"', deep));
      for (const command of ['eval', 'check', 'render']) {
        expect(run(command, file)).toEqual({
          status: 2,
          stdout: '',
          stderr: `backprop: ${file} is not a valid graph document:\n  ${path}: nests deeper than 64 levels, the limit for any value in a document\n`,
        });
      }
    }
  });
});
