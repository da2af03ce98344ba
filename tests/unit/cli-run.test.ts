/** The commands in-process through runCli, for what needs no real process: cheaper than spawning. */
import { describe, expect, it } from 'vitest';
import { usage } from '../../src/cli/cli';
import { COMMANDS } from '../../src/cli/commands';
import { CliError } from '../../src/cli/errors';
import { runInProcess, writeDoc } from '../cli-in-process';

const run = runInProcess;

const at = (id: string, op: string, extra: object = {}) => ({ id, op, position: { x: 0, y: 0 }, ...extra });

describe('runCli', () => {
  it('writes tensor values and gradients as nested arrays in --json', () => {
    const file = writeDoc({
      nodes: [at('x', 'input', { value: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } }), at('m', 'mean')],
      edges: [{ source: 'x', target: 'm', port: 'x' }],
    });
    const { status, stdout } = run('eval', file, '--json');
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    // mean of 1..6 is 3.5, and each element's share of the gradient is 1/6.
    expect(result.output).toBe(3.5);
    expect(result.gradients.x).toEqual([
      [1 / 6, 1 / 6, 1 / 6],
      [1 / 6, 1 / 6, 1 / 6],
    ]);
    expect(result.nodes[0]).toMatchObject({
      id: 'x',
      label: 'f1',
      op: 'input',
      value: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      shape: [2, 3],
      error: null,
    });
  });

  it('shows tensors compactly in the table', () => {
    const file = writeDoc({
      nodes: [at('x', 'input', { value: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } }), at('s', 'sum')],
      edges: [{ source: 'x', target: 's', port: 'x' }],
    });
    expect(run('eval', file).stdout).toMatch(/^f1 +x +input +tensor 2×3 \[1, 2, 3, …\] +tensor 2×3 \[1, 1, 1, …\]$/m);
  });

  it('lists node errors in the table and exits 1', () => {
    const { status, stdout } = run('eval', '-e', 'log(x) * y', '--at', 'x=-1,y=2');
    expect(status).toBe(1);
    expect(stdout).toMatch(/^f3 +log1 +log +— +— +log of a non-positive number: -1$/m);
    expect(stdout).toContain('output f4 has no value: waiting on f3, which is invalid');
  });

  it('gives null for what was not computed in --json', () => {
    const result = JSON.parse(run('eval', '-e', 'log(x)', '--at', 'x=0', '--json').stdout);
    expect(result.output).toBeNull();
    expect(result.gradients).toEqual({ x: null });
    expect(result.nodes[1].error).toMatch(/log/);
  });

  it('evaluates several files in one run: one JSON line each, naming its file; a bad file in its place, exit 2', () => {
    const good = writeDoc({ nodes: [at('x', 'input', { value: 3 }), at('e', 'exp')], edges: [{ source: 'x', target: 'e', port: 'u' }] });
    const broken = writeDoc({ nodes: [at('x', 'input', { value: 0 }), at('l', 'log')], edges: [{ source: 'x', target: 'l', port: 'u' }] });
    const { status, stdout } = run('eval', good, 'missing.json', broken, '--json', '--only', 'output,gradients');
    expect(status).toBe(2);
    expect(stdout.split('\n').map((line) => line && JSON.parse(line))).toEqual([
      { file: good, output: Math.exp(3), gradients: { x: Math.exp(3) } },
      { file: 'missing.json', error: 'cannot read missing.json: no such file' },
      { file: broken, output: null, gradients: { x: null } },
      '',
    ]);
    const text = run('eval', good, broken);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(
      new RegExp(`^== ${good}\n[^]*^output f2 = 20\\.0855[^]*\n\n== ${broken}\n[^]*log of a non-positive number: 0$`, 'm'),
    );
  });

  it('gives each problem in --json as data with a code beside its words', () => {
    const { status, stdout } = run('eval', '-e', 'log(x) * y', '--at', 'x=-3,y=2', '--json');
    expect(status).toBe(1);
    const nodes = JSON.parse(stdout).nodes as { id: string; error: string | null; problem: unknown }[];
    expect(nodes.map((n) => [n.id, n.error, n.problem])).toEqual([
      ['x', null, null],
      ['y', null, null],
      ['log1', 'log of a non-positive number: -3', { code: 'domain', node: 'log1', op: 'log', detail: 'log of a non-positive number: -3' }],
      ['mul1', 'waiting on f3, which is invalid', { code: 'upstream', node: 'mul1', source: 'log1' }],
    ]);
  });

  it('replaces the inputs of a file by name with --at', () => {
    const result = JSON.parse(run('eval', 'public/examples/p1-backprop.json', '--at', 'x=3', '--json').stdout);
    // z · 2^(x − y) at (3, 1, −3) is −12; df/dz = 2^(x − y) = 4.
    expect(result.output).toBe(-12);
    expect(result.gradients.z).toBeCloseTo(4, 12);
  });

  it('checks a shapes-and-costs-only document without evaluating its weights', () => {
    const file = writeDoc({
      nodes: [
        at('x', 'input', { value: { shape: [25088], init: 'zeros' } }),
        at('fc', 'linear', { params: { inFeatures: 25088, outFeatures: 4096 } }),
      ],
      edges: [{ source: 'x', target: 'fc', port: 'x' }],
      // problems.md P8: FC(25088, 4096) has 25088 · 4096 + 4096 = 102,764,544 parameters.
      expected: { nodes: { fc: { shape: [4096], params: 102764544 } } },
    });
    expect(run('check', file)).toEqual({ status: 0, stdout: `ok    ${file}\n`, stderr: '' });
  });

  it('export prints the document to stdout without -o', () => {
    const { status, stdout } = run('export', '-e', 'x * y', '--at', 'x=1,y=2', '--title', 'product');
    expect(status).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc).slice(0, 3)).toEqual(['format', 'version', 'title']);
    expect(doc.nodes.map((n: { op: string }) => n.op)).toEqual(['input', 'input', 'mul']);
  });

  it('refuses an export the editor would not open', () => {
    expect(() => run('export', '-e', 'x', '--at', 'x=1', '--title', 't'.repeat(501))).toThrow(/would not be valid:\n {2}title: /);
  });

  it.each([
    [['export', 'a.json', 'b.json'], 'export takes one file, got 2: a.json b.json'],
    [['eval', 'a.json', 'b.json', '-e', 'x'], 'eval takes files or -e "formula", not both'],
    [['eval', 'a.json', 'b.json', '--only', 'nodes'], '--only applies to --json'],
    [['eval', 'a.json', '-e', 'x'], 'eval takes a file or -e "formula", not both'],
    [['eval', 'public/examples/p1-backprop.json', '--expand-sub'], '--expand-sub applies to -e formulas, not to files'],
    [['eval', 'public/examples/p1-backprop.json', '--at', 'w=1'], "unknown variable w in --at; the graph's inputs are x, y, z"],
    [['eval', '-e', 'x + y + z', '--at', 'y=1'], 'no value for x, z: pass --at x=…,z=…'],
    [['check'], "check needs at least one file or directory (see 'backprop help check')"],
    [
      ['help', 'nope'],
      'unknown command nope; commands: eval, check, export, shapes, modes, step, train, pytorch, render, tikz, variants, help',
    ],
  ])('rejects %j', (argv, message) => {
    const call = () => run(...argv);
    expect(call).toThrow(CliError);
    expect(call).toThrow(message);
  });

  it('prints one command’s usage for help <command> and --help', () => {
    const viaHelp = run('help', 'eval');
    expect(viaHelp).toEqual(run('eval', '--help'));
    expect(viaHelp.stdout).toMatch(/^eval: /);
    expect(viaHelp.stdout).toContain('-e, --expr <formula>');
    expect(viaHelp.stdout).not.toContain('export');
  });

  it('lists every registered command and each of its options in the usage', () => {
    const text = usage();
    for (const c of COMMANDS) {
      expect(text).toContain(`  ${c.name} `);
      for (const o of c.options) expect(text).toContain(`--${o.name}`);
    }
  });
});
