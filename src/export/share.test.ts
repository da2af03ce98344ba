import { readFileSync } from 'node:fs';
import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { formulaToDocument } from '../graph/formula-to-graph';
import { parseDocument } from '../graph/load';
import { decodeShare, encodeShare, MAX_LINK_CHARS, payloadFromHash } from './share';

const p1 = (() => {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error('P1 should load');
  return r.doc;
})();

const messageOf = (payload: string) => {
  const r = decodeShare(payload);
  return r.ok ? 'ok' : r.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
};

describe('share links', () => {
  it('round-trip a document through the URL fragment', () => {
    const payload = encodeShare(p1);
    expect(payload.length).toBeLessThan(JSON.stringify(p1).length);
    expect(payloadFromHash(`#${new URLSearchParams({ g: payload })}`)).toBe(payload);
    expect(payload).toContain('+');
    expect(payloadFromHash(`#embed=1&g=${payload}`)).toBe(payload);
    expect(payloadFromHash('#embed=1')).toBeNull();
    expect(decodeShare(payload)).toEqual({ ok: true, doc: p1 });
  });

  it('carry the functions a document defines, and its expanded calls', () => {
    const doc = formulaToDocument('swish(x) * 2', {
      values: { x: 1.5 },
      functions: [{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }],
    });
    const withExpanded = { ...doc, nodes: doc.nodes.map((n) => (n.op === 'call' ? { ...n, expanded: true } : n)) };
    const r = decodeShare(encodeShare(withExpanded));
    expect(r).toEqual({ ok: true, doc: withExpanded });
    expect(r.ok && r.doc.functions).toEqual([{ name: 'swish', args: ['u'], body: 'u * sigmoid(u)' }]);
  });

  it('reject a truncated link', () => {
    const payload = encodeShare(p1);
    expect(messageOf(payload.slice(0, payload.length / 2))).toMatch(/^\(link\): the link is damaged or truncated/);
  });

  it('reject an oversized link before decompressing it', () => {
    expect(messageOf('A'.repeat(MAX_LINK_CHARS + 1))).toMatch(/too long/);
  });

  it('reject characters outside the link alphabet', () => {
    expect(messageOf('<script>alert(1)</script>')).toMatch(/characters a Backprop Studio link never has/);
  });

  it('validate the content like an imported file: a wrong version is refused with its reason', () => {
    const payload = compressToEncodedURIComponent(JSON.stringify({ ...p1, version: 99 }));
    expect(messageOf(payload)).toBe('version: unsupported version 99 (this build reads versions 1 to 2)');
  });

  it('keep labels with markup as plain data (the UI renders them as text)', () => {
    const hostile = {
      ...p1,
      title: '<img src=x onerror=alert(1)>',
      nodes: p1.nodes.map((n, i) => (i === 0 ? { ...n, label: '<b>x</b>' } : n)),
    };
    const r = decodeShare(encodeShare(hostile));
    expect(r.ok && r.doc.nodes[0].label).toBe('<b>x</b>');
  });

  it('refuse 100,000-deep nesting in meta or expected with a message naming the path', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const meta = JSON.stringify({ ...p1, meta: { notes: '@' } }).replace('"@"', deep);
    expect(messageOf(compressToEncodedURIComponent(meta))).toBe(
      'meta.notes[0][0][0][0][0][0]…: nests deeper than 64 levels, the limit for any value in a document',
    );
    const expected = JSON.stringify({ ...p1, expected: { gradients: { x: '@' } } }).replace('"@"', deep);
    expect(messageOf(compressToEncodedURIComponent(expected))).toBe(
      'expected.gradients.x[0][0][0][0][0]…: nests deeper than 64 levels, the limit for any value in a document',
    );
  });
});
