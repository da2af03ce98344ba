// @vitest-environment jsdom
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileStrings } from '../../tests/hostile-strings';
import { dotString } from './dot';
import { oneLine, visibleEscape } from './text';

let gv: Graphviz;
beforeAll(async () => {
  gv = await Graphviz.load();
});

const strings = hostileStrings(12, 300, '/tmp/backprop-escape/MARKER');

/** What a label should look like: on one line, with the characters that act or that SVG cannot hold as visible escapes. */
const visible = (s: string): string => oneLine(s).replace(/\p{Noncharacter_Code_Point}/gu, visibleEscape);

/** The labels Graphviz (the real one, as WebAssembly) draws, read from its SVG, in node order. */
function drawn(labels: readonly string[]): string[] {
  const src = `digraph { ${labels.map((s, i) => `n${i} [label=${dotString(s)}];`).join(' ')} }`;
  const svg = new DOMParser().parseFromString(gv.layout(src, 'svg', 'dot'), 'image/svg+xml');
  expect(svg.getElementsByTagName('parsererror')).toHaveLength(0);
  return [...svg.querySelectorAll('g.node')].map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent).join('\n'));
}

describe('dotString', () => {
  it('Graphviz draws every hostile string as its one-line text, one node each, on one line', () => {
    const got = drawn(strings);
    expect(got).toHaveLength(strings.length);
    // Graphviz draws a run of spaces with no-break spaces and drops trailing ones; otherwise it is the text itself.
    const norm = (t: string) => t.replace(/\u00a0/g, ' ').replace(/ +$/, '');
    const wrong = strings.flatMap((s, i) => (norm(got[i]) === norm(visible(s)) ? [] : [i]));
    expect(wrong.map((i) => [JSON.stringify(strings[i]), JSON.stringify(got[i])])).toEqual([]);
  });

  it('doubles backslashes and writes & as &amp;, so \\N, \\l and &amp; print as written, not as the node name, a break or &', () => {
    expect(dotString('a"b\\N\\l\n&amp;')).toBe('"a\\"b\\\\N\\\\l &amp;amp;"');
    expect(drawn(['\\N', 'x\\ly', '&amp;', '&#0;'])).toEqual(['\\N', 'x\\ly', '&amp;', '&#0;']);
  });

  it('would have caught a raw label: Graphviz rejects an unescaped quote', () => {
    expect(() => gv.layout('digraph { n [label="a"b"]; }', 'svg', 'dot')).toThrow();
  });
});
