/**
 * The PyTorch scripts run on real PyTorch: every example's answers, and op-by-op documents
 * answered by our engine, checked by torch. CI installs Debian's python3-torch for /usr/bin/python3.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli';
import { CliError } from '../../src/cli/errors';
import { analyze } from '../../src/graph/analyze';
import { formulaToDocument } from '../../src/graph/formula-to-graph';
import { parseDocument } from '../../src/graph/load';
import { OP_CASES, withEngineAnswers } from '../../src/export/pytorch/op-cases-testkit';
import { toPyTorchScript } from '../../src/export/pytorch/export';
import type { GraphDocument } from '../../src/graph/schema';
import { OPS } from '../../src/ops/registry';
import { graph } from '../doc-builder';
import { PYTHON, runScripts, torchMissing, type Run } from '../python';
import { tempDir } from '../tmp';

/** CI has two cores: the scripts run in two python3 processes, each importing torch once. */
const PROCESSES = 2;

const dir = 'public/examples';
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

function load(file: string): GraphDocument {
  const r = parseDocument(readFileSync(join(dir, file), 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
  return r.doc;
}

/** Runs the scripts and gives each one's exit status and output. */
async function runAll(scripts: ReadonlyMap<string, string>): Promise<Map<string, Run>> {
  const tmp = tempDir('backprop-pytorch-');
  const names = [...scripts.keys()];
  for (const [i, name] of names.entries()) writeFileSync(join(tmp, `s${i}.py`), scripts.get(name) as string);
  const shares = Array.from({ length: PROCESSES }, (_, p) => names.map((_name, i) => i).filter((i) => i % PROCESSES === p));
  const runs = await Promise.all(
    shares.map((share) =>
      runScripts(
        tmp,
        share.map((i) => `s${i}.py`),
      ),
    ),
  );
  return new Map(shares.flatMap((share, p) => share.map((i, k) => [names[i], runs[p][k]] as const)));
}

/** P1 with f5's expected value changed from 1 to 1.5. */
function wrongP1(): GraphDocument {
  const doc = load('p1-backprop.json');
  const nodes = { ...doc.expected?.nodes, add: { ...doc.expected?.nodes?.add, value: 1.5 } };
  return { ...doc, expected: { ...doc.expected, nodes } };
}

/** A document without an expected block: its script checks PyTorch against the engine's own values. */
const bare = (doc: GraphDocument): GraphDocument => ({ ...doc, expected: undefined });

/** f = log(x) · y + y at x = −3: the engine reports an error at log x, where PyTorch computes NaN. */
const logOfNegative = (expected?: GraphDocument['expected']): GraphDocument => ({
  ...formulaToDocument('log(x) * y + y', { values: { x: -3, y: 2 }, title: 'log of a negative' }),
  expected,
});

/** P1 without answers, its script with the engine's f7 = −6 changed to −7 where it is embedded. */
function tamperedP1(): string {
  const script = toPyTorchScript(bare(load('p1-backprop.json')));
  const line = 'check("output", mul, -6.0, 1e-9)';
  if (!script.includes(line)) throw new Error(`no ${line} in the script`);
  return script.replace(line, 'check("output", mul, -7.0, 1e-9)');
}

describe('the PyTorch scripts pass on PyTorch', () => {
  const cases = Object.fromEntries(Object.entries(OP_CASES).map(([name, make]) => [name, withEngineAnswers(make())]));
  const scripts = new Map<string, string>([
    ...examples.map((f) => [f, toPyTorchScript(load(f))] as const),
    ...examples.map((f) => [`bare-${f}`, toPyTorchScript(bare(load(f)))] as const),
    ...Object.entries(cases).map(([name, doc]) => [`op-case-${name}`, toPyTorchScript(doc)] as const),
    ['wrong-p1', toPyTorchScript(wrongP1())],
    ['tampered-p1', tamperedP1()],
    ['log-negative', toPyTorchScript(logOfNegative())],
    ['log-negative-expected', toPyTorchScript(logOfNegative({ nodes: { y: { value: 2 } } }))],
    ['empty', toPyTorchScript(graph([], []))],
  ]);
  let runs = new Map<string, Run>();
  /** Why the scripts cannot run, if they cannot: every test then fails with it (CI must not skip them). */
  let missing = '';

  beforeAll(async () => {
    missing = torchMissing();
    if (missing) return;
    runs = await runAll(scripts);
  }, 300_000);

  const result = (name: string): Run => {
    if (missing) throw new Error(missing);
    return runs.get(name) as Run;
  };

  const passes = (name: string) => {
    const run = result(name);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/^ok /m);
  };

  it(`${PYTHON} has PyTorch`, () => {
    if (missing) throw new Error(missing);
  });

  it.each(examples)('%s', passes);

  it.each(Object.keys(OP_CASES))('op case %s: the engine agrees with torch on every value and gradient', (name) => {
    // The cases must be answerable: no node may be in error, except the layer meant to be too large.
    expect(
      analyze(cases[name])
        .invalid.filter((r) => r.id !== 'big' && r.id !== 'after')
        .map((r) => `${r.id}: ${r.problem?.code}`),
    ).toEqual([]);
    passes(`op-case-${name}`);
  });

  it('the op cases use every op of the registry', () => {
    const used = new Set(Object.values(cases).flatMap((doc) => doc.nodes.map((n) => n.op)));
    expect(OPS.map((op) => op.type).filter((type) => !used.has(type))).toEqual([]);
  });

  it.each(examples)("%s without its expected block: checked against the engine's values, said at the top", (file) => {
    passes(`bare-${file}`);
    // The comment at the top, its lines joined.
    const head = scripts.get(`bare-${file}`)?.split('\n').slice(0, 25).join('\n').replace(/\n# /g, ' ');
    expect(head).toContain(
      "# NOTE: the document has no expected answers PyTorch can check, so this script embeds the engine's own values, gradients and shapes",
    );
  });

  it("a script without answers compares the engine's embedded numbers: a wrong one fails", () => {
    const run = result('tampered-p1');
    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain('MISMATCH output: got -6.0, expected -7.0');
    expect(run.output).not.toMatch(/^ok /m);
  });

  it('NaN where the engine reports an error fails with a clear line, with or without an expected block', () => {
    const log = logOfNegative().nodes.find((n) => n.op === 'log')?.id;
    for (const name of ['log-negative', 'log-negative-expected']) {
      const run = result(name);
      expect(run.status, run.output).toBe(1);
      expect(run.output).toContain(
        `MISMATCH nodes.${log}: PyTorch computes nan where Backprop Studio reports an error: log of a non-positive number: -3`,
      );
      expect(run.output).toMatch(/^FAIL log of a negative: 1 mismatch$/m);
      expect(run.output).not.toMatch(/^ok /m);
    }
  });

  it('a script that compares nothing fails', () => {
    const run = result('empty');
    expect(run.status, run.output).toBe(1);
    expect(run.output).toBe('FAIL Untitled graph: nothing was compared\n');
  });

  it('a wrong expected value makes the script exit 1, naming the mismatch', () => {
    const run = result('wrong-p1');
    expect(run.status, run.output).toBe(1);
    expect(run.output).toContain('MISMATCH nodes.add.value: got 1.0, expected 1.5');
    expect(run.output).toMatch(/^FAIL P1\. .*: 1 mismatch$/m);
  });
});

describe('backprop pytorch', () => {
  const run = (...argv: string[]) => {
    let stdout = '';
    const status = runCli(argv, { out: (t) => (stdout += t), err: () => undefined });
    return { status, stdout };
  };

  it('prints the script, or writes it with -o', () => {
    const printed = run('pytorch', join(dir, 'p4-conv-by-hand.json'));
    expect(printed.status).toBe(0);
    expect(printed.stdout).toBe(toPyTorchScript(load('p4-conv-by-hand.json')));
    const file = join(tempDir('backprop-pytorch-cli-'), 'check.py');
    expect(run('pytorch', join(dir, 'p4-conv-by-hand.json'), '-o', file)).toEqual({ status: 0, stdout: '' });
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
  });

  it('refuses a graph with an error with a message (exit 2)', () => {
    const file = join(tempDir('backprop-pytorch-cli-'), 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'backprop-studio.graph',
        version: 1,
        nodes: [
          { id: 'x', op: 'input', value: 1, position: { x: 0, y: 0 } },
          { id: 'm', op: 'mul', position: { x: 0, y: 0 } },
        ],
        edges: [{ source: 'x', target: 'm', port: 'a' }],
      }),
    );
    expect(() => run('pytorch', file)).toThrow(CliError);
    expect(() => run('pytorch', file)).toThrow(/cannot export .*broken\.json to PyTorch: f2 \(node "m", mul\): input "b" is not connected/);
    expect(() => run('pytorch')).toThrow(/needs exactly one file/);
  });
});
