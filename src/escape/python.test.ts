/**
 * The Python escapers against the real interpreter: every hostile string written as a comment,
 * a wrapped comment block and a string literal into one file, run once by python3, which reads
 * the values back and counts the file's lines as str.splitlines() does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostileStrings, payloads } from '../../tests/hostile-strings';
import { PYTHON } from '../../tests/python';
import { tempDir } from '../../tests/tmp';
import { pyComment, pyCommentBlock, pyString } from './python';
import { wellFormed } from './text';

function run(dir: string, file: string, source: string) {
  writeFileSync(join(dir, file), source);
  const r = spawnSync(PYTHON, [file], { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`${PYTHON} did not run: ${r.error.message}`);
  return r;
}

describe('Python string literals and comments', () => {
  const dir = tempDir('backprop-escape-py-');
  const marker = join(dir, 'MARKER');
  const strings = hostileStrings(20261129, 600, marker, true);

  it('read back as the original in python3, each comment one physical line, and no payload runs', () => {
    const lines = ['import json, sys', 'V = []'];
    for (const s of strings) lines.push(pyComment(s), ...pyCommentBlock(s, 60), `V.append(${pyString(s)})`);
    lines.push('n = len(open(__file__, encoding="utf-8").read().splitlines())', 'sys.stdout.write(json.dumps({"lines": n, "values": V}))');
    const r = run(dir, 'strings.py', `${lines.join('\n')}\n`);
    expect(r.status, r.stderr.slice(0, 2000)).toBe(0);
    const back = JSON.parse(r.stdout) as { lines: number; values: string[] };
    expect(back.lines).toBe(lines.length);
    expect(back.values).toHaveLength(strings.length);
    const wrong = strings.flatMap((s, i) => (back.values[i] === wellFormed(s) ? [] : [i]));
    expect(wrong).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });

  it('would have caught the raw comment: the same payloads written unescaped do run', () => {
    const raw = payloads(marker)
      .slice(0, 4)
      .map((p) => `# ${p}`)
      .join('\n');
    expect(run(dir, 'raw.py', `${raw}\n`).status).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it('writes literals in pure ASCII, and wraps comments', () => {
    expect(strings.every((s) => /^"[\x20-\x7e]*"$/.test(pyString(s)))).toBe(true);
    expect(pyString('a"b\\c\n\u2028\x85\x7f😀\ud800')).toBe('"a\\"b\\\\c\\n\\u2028\\x85\\x7f\\U0001f600\\ufffd"');
    expect(pyComment('a\nb\r\x1bc\u202e')).toBe('# a b \\x1bc\\u202e');
    expect(pyCommentBlock('one two\n\nthree\u2029\u2029four', 20)).toEqual(['# one two', '# three', '# four']);
    expect(pyCommentBlock('word '.repeat(60), 40).every((l) => l.startsWith('# ') && l.length <= 40)).toBe(true);
  });
});
