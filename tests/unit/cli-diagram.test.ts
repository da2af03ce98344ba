// @vitest-environment jsdom
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors';
import { runInProcess } from '../cli-in-process';

const P1 = 'public/examples/p1-backprop.json';

describe('export --format dot|mermaid', () => {
  it('writes DOT that Graphviz lays out: P1 with its tangents d/dy on the edges (ḟ6 = −2 ln 2 ≈ −1.386)', async () => {
    const r = runInProcess('export', P1, '--format', 'dot', '--forward', 'y');
    expect(r.status).toBe(0);
    const gv = await Graphviz.load();
    const out = JSON.parse(gv.layout(r.stdout, 'json', 'dot')) as { objects: unknown[]; edges: { label: string }[] };
    expect(out.objects).toHaveLength(7);
    expect(out.edges.map((e) => e.label)).toContain('f6 = 2, b6 = −3, ḟ6 = −1.386');
  });

  it('writes a Mermaid flowchart that Mermaid parses', async () => {
    const r = runInProcess('export', '-e', 'x*y + sin(x)', '--at', 'x=1,y=2', '--format', 'mermaid');
    expect(r.stdout.split('\n')[0]).toBe('flowchart LR');
    await expect(mermaid.parse(r.stdout)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it('refuses an unknown format, and options that belong to the other kind of output', () => {
    const run =
      (...a: string[]) =>
      () =>
        runInProcess('export', P1, ...a);
    expect(run('--format', 'svg')).toThrow(CliError);
    expect(run('--format', 'svg')).toThrow('--format takes json, dot, mermaid, got "svg"');
    expect(run('--forward', 'x')).toThrow('--forward applies to --format dot or mermaid');
    expect(run('--format', 'dot', '--expected')).toThrow('--expected applies to the document (--format json)');
  });
});
