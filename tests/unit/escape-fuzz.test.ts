// @vitest-environment jsdom
/* eslint-disable no-control-regex -- the XML test names the control characters XML forbids */
/**
 * Nothing a document carries runs: hostile strings (tests/hostile-strings.ts) put into the title,
 * description, labels, input names, ids and expected keys of every example, then every PyTorch
 * script run by python3 and torch in one process, a few TikZ figures built by pdflatex, and the
 * SVG and Markdown exports parsed. The payloads aim at a marker file that must never appear.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mathjs from 'mathjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/graph/analyze';
import { oneLine, visibleEscape, wellFormed } from '../../src/escape/text';
import { answerKeyMarkdown, blankName, examSvg, examTikz, parseBlank } from '../../src/exam';
import { combinedKeyMarkdown, generateVariants, variantKeyMarkdown } from '../../src/exam/variants';
import { createExactEngine } from '../../src/exact/engine';
import { parseDocument } from '../../src/graph/load';
import { toPyTorchScript } from '../../src/export/pytorch/export';
import { toDot } from '../../src/export/dot';
import { diagramOf } from '../../src/export/graph-text';
import { toMermaid } from '../../src/export/mermaid';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import mermaid from 'mermaid';
import type { GraphDocument } from '../../src/graph/schema';
import { hostileStrings, payloads, xorshift } from '../hostile-strings';
import { pdflatex } from '../pdflatex';
import { runScripts, torchMissing, type Run } from '../python';
import { tempDir } from '../tmp';

const SEED = 9;
const EXAMPLES = 'public/examples';
const files = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(text: string): GraphDocument {
  const r = parseDocument(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

/**
 * The document with hostile strings in every free-text field: title, description, every label,
 * every input name and every id, renamed consistently in edges, output, expected keys and blanks
 * (each given a unique suffix, since ids and names must stay distinct). The title and the
 * output's label, which the script writes more than once, can be chosen.
 */
function hostile(doc: GraphDocument, pick: () => string, [title, outputLabel] = [pick(), pick()]): GraphDocument {
  const ids = new Map(doc.nodes.map((nd, i) => [nd.id, `${pick().slice(0, 190)}#${i}`]));
  const names = new Map<string, string>();
  for (const nd of doc.nodes)
    if (nd.op === 'input' && !names.has(nd.name ?? nd.id)) names.set(nd.name ?? nd.id, `${pick().slice(0, 90)}#${names.size}`);
  const id = (old: string) => ids.get(old) ?? old;
  const name = (old: string) => names.get(old) ?? old;
  // An expected node is keyed by a node id or by a layer's own parameter, `<layer id>.<port>` (params.ts).
  const nodeKey = (k: string) => {
    const dot = k.lastIndexOf('.');
    return ids.has(k) || dot < 0 || !ids.has(k.slice(0, dot)) ? id(k) : `${id(k.slice(0, dot))}${k.slice(dot)}`;
  };
  const rekey = <T>(rec: Readonly<Record<string, T>> | undefined, f: (k: string) => string) =>
    rec && Object.fromEntries(Object.entries(rec).map(([k, v]) => [f(k), v]));
  const exp = doc.expected;
  const exam = (doc.meta?.exam ?? null) as { blanks?: string[] } | null;
  const blanks = exam?.blanks?.map((b) => {
    const blank = parseBlank(b);
    return blank && 'node' in blank ? blankName({ ...blank, node: id(blank.node) }) : b;
  });
  return {
    ...doc,
    title: title.slice(0, 500),
    description: [pick(), pick(), pick()].join('\n\n').slice(0, 20000),
    nodes: doc.nodes.map((nd) => ({
      ...nd,
      id: id(nd.id),
      label: (nd.id === doc.output ? outputLabel : pick()).slice(0, 100),
      ...(nd.op === 'input' ? { name: name(nd.name ?? nd.id) } : {}),
    })),
    edges: doc.edges.map((e) => ({ ...e, source: id(e.source), target: id(e.target) })),
    ...(doc.output !== undefined ? { output: id(doc.output) } : {}),
    ...(exp
      ? {
          expected: {
            ...exp,
            ...(exp.nodes ? { nodes: rekey(exp.nodes, nodeKey) } : {}),
            ...(exp.gradients ? { gradients: rekey(exp.gradients, name) } : {}),
            ...(exp.step ? { step: { ...exp.step, ...(exp.step.params ? { params: rekey(exp.step.params, name) } : {}) } } : {}),
          },
        }
      : {}),
    ...(blanks ? { meta: { ...doc.meta, exam: { ...exam, blanks } } } : {}),
  };
}

const dir = tempDir('backprop-escape-fuzz-');
const marker = join(dir, 'MARKER');
const strings = hostileStrings(SEED, 400, marker);
const attacks = payloads(marker);
const random = xorshift(SEED);
const pick = () => strings[Math.floor(random() * strings.length)];
/** Every example through the project's loader, made hostile, and loaded again (it must stay a valid document). */
const docs = new Map(
  files.map((f, i) => {
    // Every payload goes into some title or output label, whatever the random picks.
    const chosen: [string, string] = [attacks[(2 * i) % attacks.length], attacks[(2 * i + 1) % attacks.length]];
    return [f, load(JSON.stringify(hostile(load(readFileSync(join(EXAMPLES, f), 'utf8')), pick, chosen)))];
  }),
);

/** The last line a script printed, spaces kept (a title may end in one). */
const lastLine = (out: string): string | undefined => out.replace(/\n$/, '').split('\n').pop();

describe('hostile documents exported to PyTorch', () => {
  /** P1 with one more expected node, keyed by a payload: a mismatch the script must report on one line. */
  const failing = hostile(load(readFileSync(join(EXAMPLES, 'p1-backprop.json'), 'utf8')), pick);
  const badKey = strings[1];
  const failDoc = load(
    JSON.stringify({ ...failing, expected: { ...failing.expected, nodes: { ...failing.expected?.nodes, [badKey]: { value: 1 } } } }),
  );
  const scripts = [...[...docs.values()].map(toPyTorchScript), toPyTorchScript(failDoc)];
  const control = 'CONTROL';
  let results: Run[] = [];
  let missing = '';

  beforeAll(async () => {
    missing = torchMissing();
    if (missing) return;
    const paths = scripts.map((s, i) => {
      writeFileSync(join(dir, `s${i}.py`), s);
      return `s${i}.py`;
    });
    // A comment written raw, as the exporter once did: the proof that the runner would see a payload run.
    writeFileSync(join(dir, 'raw.py'), `# title\nopen(${JSON.stringify(join(dir, control))}, "w")\n`);
    results = await runScripts(dir, [...paths, 'raw.py']);
  }, 120_000);

  it('every example still runs and prints ok with its title on one line', () => {
    if (missing) throw new Error(missing);
    expect(results).toHaveLength(scripts.length + 1);
    const got = [...docs.values()].map((_doc, i) => [results[i].status, lastLine(results[i].output)]);
    expect(got).toEqual([...docs.values()].map((doc) => [0, `ok ${oneLine(doc.title ?? '')}`]));
  });

  it('a mismatch keyed by a payload is reported on one line, and the script exits 1', () => {
    if (missing) throw new Error(missing);
    const { status, output: out } = results[docs.size];
    expect(status).toBe(1);
    expect(out).toContain(`MISMATCH ${oneLine(`nodes.${badKey}`)}: no such node\n`);
    expect(lastLine(out)).toBe(`FAIL ${oneLine(failDoc.title ?? '')}: 1 mismatch`);
  });

  it('no payload ran: nothing but the scripts in the directory, and the raw control did run', () => {
    if (missing) throw new Error(missing);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(dir).filter((f) => !/^(s\d+|raw|runner)\.py$/.test(f))).toEqual([control]);
  });
});

describe('hostile documents exported to TikZ and built by pdflatex', () => {
  const exact = createExactEngine(mathjs);
  const chosen = ['p1-backprop.json', 'p4-conv-by-hand.json', 'p12-conv-gradient.json'];

  it.each(chosen)(
    '%s builds, and no payload wrote a file or read /etc/hostname',
    (file) => {
      const texDir = tempDir('backprop-escape-tex-');
      const an = analyze(docs.get(file) as GraphDocument);
      const tex = examTikz(an, {
        view: 'answer',
        standalone: true,
        answers: an.plan.scalarOnly ? exact.exactValues(an.plan, an.evaluation) : undefined,
      });
      writeFileSync(join(texDir, 'exam.tex'), tex);
      expect(pdflatex(texDir, 'exam.tex')).toBeGreaterThan(0);
      expect(readdirSync(texDir).sort()).toEqual(['exam.aux', 'exam.log', 'exam.pdf', 'exam.tex']);
      expect(readFileSync(join(texDir, 'exam.log'), 'latin1')).not.toContain('/etc/hostname');
    },
    60_000,
  );

  it('would have caught a raw payload: the same TeX written unescaped writes its file and reads /etc/hostname', () => {
    const texDir = tempDir('backprop-escape-tex-');
    const raw = [
      '\\documentclass{article}',
      '\\begin{document}',
      `\\immediate\\openout15=MARKER\\immediate\\write15{x}\\immediate\\closeout15`,
      '\\input{/etc/hostname}',
      '\\end{document}',
      '',
    ];
    writeFileSync(join(texDir, 'raw.tex'), raw.join('\n'));
    pdflatex(texDir, 'raw.tex');
    expect(existsSync(join(texDir, 'MARKER.tex'))).toBe(true);
    expect(readFileSync(join(texDir, 'raw.log'), 'latin1')).toContain('/etc/hostname');
  }, 60_000);
});

/** A table row's cells, split on the pipes GitHub's tables split on (not the escaped ones). */
const cells = (row: string): string[] =>
  row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)((?:\\\\)*)\|/)
    .filter((_, i) => i % 2 === 0);

/** Markdown that holds no raw HTML and whose every table row has `width` cells. */
function expectSafeMarkdown(md: string, width: number) {
  expect(md).not.toMatch(/(?<!\\)(\\\\)*<[a-z/!?]/i);
  const rows = md.split('\n').filter((l) => l.startsWith('|'));
  expect(rows.length).toBeGreaterThan(2);
  expect(rows.filter((r) => cells(r).length !== width)).toEqual([]);
}

describe('hostile documents exported to SVG and Markdown', () => {
  // VGG takes half a minute to analyse (its shapes alone are what it is for); the PyTorch run covers it.
  it.each(files.filter((f) => f !== 'p9-vgg-shapes.json'))(
    '%s: the SVG parses as XML with the title as text, and the key is a clean table',
    (file) => {
      const doc = docs.get(file) as GraphDocument;
      const an = analyze(doc);
      for (const view of ['student', 'answer'] as const) {
        const svg = new DOMParser().parseFromString(examSvg(an, { view }), 'image/svg+xml');
        expect(svg.getElementsByTagName('parsererror')).toHaveLength(0);
        expect(svg.getElementsByTagName('script')).toHaveLength(0);
        expect(svg.documentElement.children[0].tagName).toBe('title');
        const title = wellFormed(doc.title ?? '').replace(/[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd');
        expect(svg.documentElement.children[0].textContent).toBe(`${title} (${view === 'student' ? 'student sheet' : 'answer key'})`);
      }
      expectSafeMarkdown(answerKeyMarkdown(an), 3);
    },
  );

  it('variant keys keep hostile titles and input names as text', () => {
    const variants = generateVariants(docs.get('p1-backprop.json') as GraphDocument, {
      n: 2,
      seed: SEED,
      exact: createExactEngine(mathjs),
    });
    for (const md of [...variants.map(variantKeyMarkdown), combinedKeyMarkdown(pick(), variants)]) {
      expectSafeMarkdown(md, 3);
      expect(
        md
          .split('\n')
          .filter((l) => l.startsWith('#'))
          .every((l) => /^#+ /.test(l)),
      ).toBe(true);
    }
  });
});

describe('hostile documents exported to Graphviz DOT and Mermaid', () => {
  // VGG takes half a minute to analyse, as above.
  const chosen = files.filter((f) => f !== 'p9-vgg-shapes.json');
  let gv: Graphviz;
  beforeAll(async () => {
    gv = await Graphviz.load();
  });

  it.each(chosen)('%s: Graphviz draws one box per node with its label as text, and Mermaid parses the flowchart', async (file) => {
    const doc = docs.get(file) as GraphDocument;
    const diagram = diagramOf(analyze(doc));
    const svg = new DOMParser().parseFromString(gv.layout(toDot(diagram), 'svg', 'dot'), 'image/svg+xml');
    expect(svg.getElementsByTagName('parsererror')).toHaveLength(0);
    const drawn = new Map(
      [...svg.querySelectorAll('g.node')].map((g) => [
        g.querySelector('title')?.textContent,
        [...g.querySelectorAll('text')].map((t) => t.textContent).join(''),
      ]),
    );
    // Graphviz draws runs of spaces as no-break spaces and drops trailing ones.
    const norm = (t: string) => t.replace(/\u00a0/g, ' ').replace(/ +$/, '');
    const visible = (t: string) => oneLine(t).replace(/\p{Noncharacter_Code_Point}/gu, visibleEscape);
    const bad = diagram.nodes.filter((n) => norm(drawn.get(n.id) ?? '?') !== norm(visible(n.text)));
    expect(bad.map((n) => [JSON.stringify(n.text), JSON.stringify(drawn.get(n.id))])).toEqual([]);
    expect(svg.querySelectorAll('g.edge')).toHaveLength(diagram.edges.length);
    await expect(mermaid.parse(toMermaid(diagram))).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });
});
