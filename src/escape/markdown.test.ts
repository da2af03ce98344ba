import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../../tests/hostile-strings';
import { markdownText } from './markdown';

const strings = hostileStrings(13, 500, '/tmp/backprop-escape/MARKER', true);

/** A table row's cells, split on the pipes GitHub's tables split on (not the escaped ones). */
const cells = (row: string): string[] =>
  row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)((?:\\\\)*)\|/)
    .filter((_, i) => i % 2 === 0);

describe('markdownText', () => {
  it('stays on one line, and in a table row stays one cell with no raw HTML, entity or code span', () => {
    for (const s of strings) {
      const md = markdownText(s);
      expect(md).not.toMatch(/[\n\r\v\f\x85\u2028\u2029]/);
      expect(md).not.toMatch(/(?<!\\)(\\\\)*[<>&`*_[\]|~$#!]/);
      expect(cells(`| ${md} | x |`)).toHaveLength(2);
    }
  });

  it('escapes with backslashes, which CommonMark removes again', () => {
    expect(markdownText('<script>a|b</script> **x** [l](u) &amp; `c` \\ ~s~ $m$ #1\nnext')).toBe(
      '\\<script\\>a\\|b\\</script\\> \\*\\*x\\*\\* \\[l\\](u) \\&amp; \\`c\\` \\\\ \\~s\\~ \\$m\\$ \\#1 next',
    );
  });
});
