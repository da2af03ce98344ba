// @vitest-environment jsdom
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { hostileStrings } from '../../tests/hostile-strings';
import { mermaidString } from './mermaid';
import { oneLine } from './text';

const strings = hostileStrings(13, 300, '/tmp/backprop-escape/MARKER');

interface FlowDb {
  getVertices(): Map<string, { text: string }>;
  getEdges(): { start: string; end: string; text: string }[];
}

/**
 * The labels Mermaid's own flowchart parser reads. It keeps an entity `#N;` as an internal marker
 * (ﬂ°°N¶ß) that its renderer turns into the character, so the test does the same.
 */
async function parsed(src: string): Promise<FlowDb> {
  await mermaid.parse(src);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(src);
  return diagram.db as unknown as FlowDb;
}
const decode = (t: string) => t.replace(/ﬂ°°(\d+)¶ß/g, (_m, n: string) => String.fromCodePoint(Number(n)));
/** What a label should read: the one-line text, without the outer spaces Mermaid trims. */
const want = (s: string) => oneLine(s).replace(/^ +| +$/g, '');

describe('mermaidString', () => {
  it("Mermaid's parser reads every hostile string back as its one-line text, in nodes and on edges", async () => {
    const lines = strings.flatMap((s, i) => [`  n${i}[${mermaidString(s)}]`, ...(i ? [`  n${i - 1} -->|${mermaidString(s)}| n${i}`] : [])]);
    const db = await parsed(`flowchart LR\n${lines.join('\n')}\n`);
    const vertices = [...db.getVertices().values()].map((v) => decode(v.text));
    expect(vertices).toEqual(strings.map(want));
    const edges = db.getEdges();
    expect(edges.map((e) => [e.start, e.end])).toEqual(strings.slice(1).map((_s, i) => [`n${i}`, `n${i + 1}`]));
    expect(edges.map((e) => decode(e.text))).toEqual(strings.slice(1).map(want));
  });

  it('keeps letters, digits and simple marks readable and encodes the rest', () => {
    expect(mermaidString('ḟ5 = ∂f5/∂f1 · 2 "x" |y| [z] #1; <b>')).toBe(
      '"ḟ5 = #8706;f5/#8706;f1 #183; 2 #34;x#34; #124;y#124; #91;z#93; #35;1#59; #60;b#62;"',
    );
  });

  it('would have caught a raw label: Mermaid rejects an unescaped quote and bracket', async () => {
    await expect(mermaid.parse('flowchart LR\n  n0["a"]"]\n')).rejects.toThrow();
  });
});
