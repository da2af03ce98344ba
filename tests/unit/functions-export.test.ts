// @vitest-environment jsdom
/**
 * Documents with user-defined functions through every exporter. A definition's name and its
 * arguments are attacker-controlled text: the schema holds them to identifiers, and within that
 * the names Python, LaTeX and the scripts themselves reserve (`__import__`, `exec`, `TITLE`,
 * `torch`, `_`) must neither run nor shadow anything. The PyTorch scripts run under real torch and
 * compare torch's values and gradients with the engine's; the TikZ builds with pdflatex.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mathjs from 'mathjs';
import { describe, expect, it } from 'vitest';
import { answerKeyMarkdown, examSvg, examTikz } from '../../src/exam';
import { createExactEngine } from '../../src/exact/engine';
import { toPyTorchScript } from '../../src/export/pytorch/export';
import { analyze } from '../../src/graph/analyze';
import { makeExpected, withExpected } from '../../src/graph/expected';
import { formulaToDocument } from '../../src/graph/formula-to-graph';
import { validateDocument } from '../../src/graph/load';
import type { FunctionDef, GraphDocument } from '../../src/graph/schema';
import { pdflatex } from '../pdflatex';
import { runPython, torchMissing } from '../python';
import { tempDir } from '../tmp';

/** Names a script or a TeX file would be hurt by if they went in raw. */
const HOSTILE_NAMES = [
  '__import__',
  'exec',
  'TITLE',
  'failures',
  'torch',
  'F',
  'sys',
  'print',
  'lambda_',
  '_',
  'check',
  '__proto__',
  'constructor',
  '__builtins__',
];

/** f_i(a, def_, ...) built on each other: every name above is a function, its arguments named like Python keywords. */
function hostileDoc(expanded: boolean): GraphDocument {
  const defs: FunctionDef[] = HOSTILE_NAMES.map((name, i) => ({
    name,
    args: ['def', 'class', 'import'],
    body: i === 0 ? 'def * sigmoid(class) + import^2' : `${HOSTILE_NAMES[i - 1]}(def, import, class) * 0.5 + tanh(def)`,
  }));
  const last = HOSTILE_NAMES[HOSTILE_NAMES.length - 1];
  const doc = formulaToDocument(`${last}(x, y, z) + __import__(y, x, 2) * x`, { values: { x: 0.3, y: -0.7, z: 1.1 }, functions: defs });
  const nodes = doc.nodes.map((n) => (n.op === 'call' && expanded ? { ...n, expanded: true } : n));
  const r = validateDocument({ ...doc, title: 'hostile names', nodes });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const fixture = makeExpected(r.doc);
  if (!fixture.ok) throw new Error('no fixture');
  return withExpected(r.doc, fixture.expected);
}

describe('function names that are not identifiers never load', () => {
  it.each(['a"); import os #', 'x\ny', '\\input{/etc/hostname}', '1abc', 'a b'])('%j', (name) => {
    const doc = { ...formulaToDocument('x'), functions: [{ name, args: [], body: '1' }] };
    const r = validateDocument(JSON.parse(JSON.stringify(doc)));
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['functions[0].name']);
  });
});

describe('PyTorch export of documents with functions runs under real torch', () => {
  it.each([false, true])(
    'collapsed and expanded (%s): one Python function per definition, the values and gradients match the engine',
    async (expanded) => {
      expect(torchMissing()).toBe('');
      const doc = hostileDoc(expanded);
      const script = toPyTorchScript(doc);
      // Each definition is written under its own comment, its keyword-named arguments renamed.
      expect(script.match(/^# \w+\(def, class, import\) = .*\ndef \w+\(def_, class_, import_\):$/gm)).toHaveLength(HOSTILE_NAMES.length);
      // Reserved words and the script's own globals are renamed, never defined as such.
      expect(script).not.toMatch(/^def (__import__|exec|TITLE|failures|torch|F|sys|print|_|check|__builtins__)\(def_/m);
      const dir = tempDir('backprop-fn-py-');
      writeFileSync(join(dir, 'check.py'), script);
      const run = await runPython(join(dir, 'check.py'));
      expect(run.output).toBe('ok hostile names\n');
      expect(run.status).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['check.py', 'runner.py']); // the script and the harness's runner, nothing a payload made
    },
    120_000,
  );

  it('and fails where the engine and torch would disagree: a wrong expected gradient is reported', async () => {
    const doc = hostileDoc(false);
    const wrong = { ...doc, expected: { ...doc.expected, gradients: { ...doc.expected?.gradients, x: 12345 } } };
    const dir = tempDir('backprop-fn-py-');
    writeFileSync(join(dir, 'check.py'), toPyTorchScript(wrong));
    const run = await runPython(join(dir, 'check.py'));
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/x.*12345/);
  }, 120_000);
});

describe('exam exports draw calls by name', () => {
  const exact = createExactEngine(mathjs);
  it.each([false, true])(
    'expanded %s: the TikZ builds with pdflatex, the SVG parses, the key is Markdown text',
    (expanded) => {
      const an = analyze(hostileDoc(expanded));
      const texDir = tempDir('backprop-fn-tex-');
      writeFileSync(
        join(texDir, 'exam.tex'),
        examTikz(an, { view: 'answer', standalone: true, answers: exact.exactValues(an.plan, an.evaluation) }),
      );
      expect(pdflatex(texDir, 'exam.tex')).toBeGreaterThan(0);
      expect(existsSync(join(texDir, 'MARKER.tex'))).toBe(false);
      const svg = new DOMParser().parseFromString(examSvg(an, { view: 'answer' }), 'image/svg+xml');
      expect(svg.getElementsByTagName('parsererror')).toHaveLength(0);
      const texts = [...svg.getElementsByTagName('text')].map((t) => t.textContent);
      if (!expanded) expect(texts).toContain('__builtins__');
      expect(answerKeyMarkdown(an)).not.toMatch(/<[a-z]/i);
    },
    60_000,
  );
});
