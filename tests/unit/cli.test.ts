/**
 * The CLI as a user runs it: a real process, its stdout, stderr and exit status. Each spawn
 * costs about half a second, so the cases are few and run concurrently.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { parseDocument } from '../../src/graph/load';
import { OPS } from '../../src/ops/registry';
import { tempDir } from '../tmp';

const ROOT = resolve(import.meta.dirname, '../..');
const P1 = 'public/examples/p1-backprop.json';
const LN2 = Math.log(2);
const TIMEOUT = 30_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['scripts/backprop.mjs', ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      done({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** The P1 answers (problems.md), from the closed forms: df/dx = ln2·z·2^(x−y) at (2, 1, −3). */
function expectP1(json: string, expect: ExpectStatic): void {
  const result = JSON.parse(json);
  expect(result.output).toBe(-6);
  expect(result.gradients.x).toBeCloseTo(-6 * LN2, 12);
  expect(result.gradients.y).toBeCloseTo(6 * LN2, 12);
  expect(result.gradients.z).toBeCloseTo(2, 12);
  // The exam's numbering f1..f7 and its b_i.
  expect(result.nodes.map((n: { value: number }) => n.value)).toEqual([2, 1, -3, -1, 1, 2, -6]);
  const b = [-6 * LN2, 6 * LN2, 2, -6 * LN2, -6 * LN2, -3, 1];
  result.nodes.forEach((n: { grad: number }, i: number) => expect(n.grad).toBeCloseTo(b[i], 12));
}

describe.concurrent('backprop CLI', { timeout: TIMEOUT }, () => {
  it('eval of the P1 file prints the exam answers as JSON', async ({ expect }) => {
    const run = await cli('eval', P1, '--json');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expectP1(run.stdout, expect);
  });

  it('eval -e of the P1 formula with --expand-sub numbers the graph like the exam', async ({ expect }) => {
    const run = await cli('eval', '-e', 'z * 2^(x - y)', '--at', 'x=2,y=1,z=-3', '--expand-sub', '--json');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expectP1(run.stdout, expect);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('eval -e takes a formula starting with a minus and prints the table', async ({ expect }) => {
    const run = await cli('eval', '-e', '-x^2 + y', '--at', 'x=3,y=1');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    // -x^2 + y at (3, 1) is -8; its x-derivative -2x is -6.
    expect(run.stdout).toMatch(/^f1 +x +input +3 +-6$/m);
    expect(run.stdout).toMatch(/^f5 +add1 +add +-8 +1$/m);
    expect(run.stdout).toContain('output f5 = -8');
    expect(run.stdout).toContain('d f5/d x = -6');
    expect(run.stdout).toContain('d f5/d y = 1');
  });

  it('check passes on every example', async ({ expect }) => {
    const run = await cli('check', 'public/examples');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^ok +public\/examples\/p1-backprop\.json$/m);
    expect(run.stdout).not.toContain('FAIL');
  });

  it('check fails on a wrong answer and on a missing expected block, naming the path', async ({ expect }) => {
    const dir = tempDir('backprop-check-');
    const doc = JSON.parse(readFileSync(join(ROOT, P1), 'utf8'));
    doc.expected.nodes.mul.value = -7;
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify(doc));
    delete doc.expected;
    writeFileSync(join(dir, 'bare.json'), JSON.stringify(doc));
    copyFileSync(join(ROOT, P1), join(dir, 'right.json'));
    const run = await cli('check', dir);
    expect(run).toMatchObject({ status: 1, stderr: '' });
    expect(run.stdout).toContain(
      `FAIL  ${join(dir, 'wrong.json')}: 1 mismatch\n  nodes.mul.value\n    expected: -7\n    actual:   got -6\n`,
    );
    expect(run.stdout).toContain(
      `FAIL  ${join(dir, 'bare.json')}: no expected values: run \`backprop export --expected\` or Save as fixture\n`,
    );
    expect(run.stdout).toContain(`ok    ${join(dir, 'right.json')}`);
    expect(run.stdout).toContain('2 of 3 files failed');
  });

  it('export writes a document that validates and evaluates to the same answers', async ({ expect }) => {
    const file = join(tempDir('backprop-export-'), 'p1.json');
    const exported = await cli('export', '-e', 'z * 2^(x - y)', '--at', 'x=2,y=1,z=-3', '--expand-sub', '--title', 'P1', '-o', file);
    expect(exported).toMatchObject({ status: 0, stdout: '', stderr: '' });
    const loaded = parseDocument(readFileSync(file, 'utf8'));
    expect(loaded.ok && loaded.doc.title).toBe('P1');
    const run = await cli('eval', file, '--json');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expectP1(run.stdout, expect);
  });

  it('prints the usage and exits 0 for help, 2 for no arguments', async ({ expect }) => {
    const [help, none] = await Promise.all([cli('help'), cli()]);
    expect(help.status).toBe(0);
    for (const word of ['eval', 'check', 'export', '--at', '--expand-sub', '--json', '--title', '--output'])
      expect(help.stdout).toContain(word);
    expect(none).toMatchObject({ status: 2, stdout: '', stderr: help.stdout });
  });

  const files = { bad: '', huge: '' };
  beforeAll(() => {
    const dir = tempDir('backprop-error-');
    files.bad = join(dir, 'bad.json');
    files.huge = join(dir, 'huge.json');
    writeFileSync(files.bad, bad);
    writeFileSync(files.huge, huge);
  });
  const bad =
    '{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"a","op":"foo","position":{"x":0,"y":0}}],"edges":[],"output":"b"}';
  // A valid document whose input is too large to allocate: the engine throws, the handler catches it.
  const huge =
    '{"format":"backprop-studio.graph","version":1,"nodes":[{"id":"x","op":"input","position":{"x":0,"y":0},"value":{"shape":[100000,100000],"init":"zeros"}}],"edges":[]}';
  it.for([
    ['an unreadable file', ['eval', 'p.json'], ['backprop: cannot read p.json: no such file']],
    [
      'an invalid document',
      ['eval', '$bad'],
      [
        'backprop: $bad is not a valid graph document:',
        `  nodes[0].op: unknown op "foo"; known ops: input, constant, add, sub, mul, div, neg, scale, addConst, pow, … (${OPS.length} in all)`,
        '  output: no node "b"',
      ],
    ],
    [
      'a syntax error',
      ['eval', '-e', 'z * (x +', '--at', 'x=1,z=2'],
      ["backprop: syntax error in -e \"z * (x +\": column 9: expected a number, a name, '(' or '-' but found end of input"],
    ],
    [
      'an unknown variable',
      ['eval', '-e', 'z * 2^(x - y)', '--at', 'x=2,y=1,z=-3,w=1'],
      ['backprop: unknown variable w in --at; the formula uses x, y, z'],
    ],
    ['a missing value', ['eval', '-e', 'x + y', '--at', 'x=1'], ['backprop: no value for y: pass --at y=…']],
    [
      'a malformed --at',
      ['eval', '-e', 'x', '--at', 'x=two'],
      ['backprop: malformed --at item "x=two": expected name=number, as in --at x=2,y=-1.5'],
    ],
    [
      'an unknown command',
      ['evaluate', P1],
      [
        'backprop: unknown command evaluate; commands: eval, check, export, shapes, modes, step, train, pytorch, render, tikz, variants, help',
      ],
    ],
    ['an unknown option', ['eval', P1, '--verbose'], ["backprop: unknown option --verbose for eval (see 'backprop help eval')"]],
  ] as const)('reports %s in one line, with status 2 and no stack trace', async ([, args, lines], { expect }) => {
    const at = (s: string) => s.replace('$bad', files.bad).replace('$huge', files.huge);
    const run = await cli(...args.map(at));
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toBe(`${lines.map(at).join('\n')}\n`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('marks an input too large to hold in memory on its node instead of crashing', async ({ expect }) => {
    const run = await cli('eval', files.huge);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/too large to evaluate here \(10,000,000,000 elements in one tensor\)/);
  });

  it('never sends a control character from a document to the terminal: an id that would retitle it prints as text', async ({ expect }) => {
    const id = '\x1b]0;pwned\x07\x1b[2J\u202e';
    const file = join(tempDir('backprop-tty-'), 'doc.json');
    const node = { id, op: 'input', value: 1, position: { x: 0, y: 0 } };
    writeFileSync(file, JSON.stringify({ format: 'backprop-studio.graph', version: 1, nodes: [node, node], edges: [] }));
    const run = await cli('eval', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('duplicate id "\\x1b]0;pwned\\x07\\x1b[2J\\u202e"');
    expect([...run.stderr].filter((ch) => ['\x1b', '\x07', '\u202e'].includes(ch))).toEqual([]);
  });
});
