import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../../tests/doc-builder';
import { OPS } from '../../ops/registry';
import { compile } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import type { Tensor } from '../../tensor/tensor';
import { PyTorchExportError, toPyTorchScript } from './export';
import { torchMapping } from './ops';
import { pyTensor } from './python';

function example(name: string): GraphDocument {
  const r = parseDocument(readFileSync(new URL(`../../../public/examples/${name}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.doc;
}

const lines = (script: string): string[] => script.split('\n');

describe('P1 as a PyTorch script', () => {
  const script = toPyTorchScript(example('p1-backprop.json'));
  const all = lines(script);

  it('imports only torch (and sys for the exit status) and computes in float64', () => {
    expect(all.filter((l) => /^(import|from) /.test(l))).toEqual(['import sys', 'import torch', 'import torch.nn.functional as F']);
    expect(all).toContain('torch.set_default_dtype(torch.float64)');
  });

  it('has one variable per node in numbering order, each under a comment with its label', () => {
    const defs = all.filter((l) => /^\w+ = /.test(l) && !l.startsWith('TITLE') && !l.startsWith('failures') && !l.startsWith('compared'));
    expect(defs).toEqual([
      'x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)',
      'y = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)',
      'z = torch.tensor(-3.0, dtype=torch.float64, requires_grad=True)',
      'neg = -y',
      'add = x + neg',
      'pow2 = torch.pow(2.0, add)',
      'mul = z * pow2',
    ]);
    for (const [i, v] of ['x', 'y', 'z', 'neg', 'add', 'pow2', 'mul'].entries()) {
      expect(all[all.findIndex((l) => l.startsWith(`${v} = `)) - 1]).toMatch(new RegExp(`^# f${i + 1} = `));
    }
    expect(script).toContain('# f6 = 2^add (expBase)');
  });

  it('keeps the gradients of the intermediate nodes and seeds backward with 1 at f7', () => {
    expect(all.filter((l) => l.endsWith('.retain_grad()'))).toEqual([
      'neg.retain_grad()',
      'add.retain_grad()',
      'pow2.retain_grad()',
      'mul.retain_grad()',
    ]);
    expect(all).toContain('mul.backward()');
  });

  it('checks every expected value and gradient with the document tolerance', () => {
    const checks = all.filter((l) => l.startsWith('check('));
    expect(checks).toHaveLength(1 + 7 * 2 + 3);
    expect(checks).toContain('check("output", mul, -6.0, 1e-9)');
    expect(checks).toContain('check("nodes.add.grad", add.grad, -4.1588830833596715, 1e-9)');
    expect(checks).toContain('check("gradients.y", y.grad, 4.1588830833596715, 1e-9)');
    expect(script.replace(/\n# /g, ' ')).toMatch(/Not checked here [^\n]*nodes\.x\.exact/);
  });

  it("says at the top what it checks against: the document's answers here, the engine's without them", () => {
    const top = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .join('\n')
        .replace(/\n# /g, ' ');
    expect(top(script)).toContain("checked against the answers in the document's expected block");
    expect(top(script)).not.toContain('NOTE');
    const bare = toPyTorchScript({ ...example('p1-backprop.json'), expected: undefined });
    expect(top(bare)).toContain("checked against the values Backprop Studio's engine computed when this script was written");
    expect(top(bare)).toContain(
      "# NOTE: the document has no expected answers PyTorch can check, so this script embeds the engine's own values",
    );
    expect(lines(bare)).toContain('check("nodes.add.grad", add.grad, -4.1588830833596715, 1e-9)');
  });

  it('prints "ok <title>" or exits 1', () => {
    // In pure ASCII: the literal reads back as the title in Python.
    expect(script).toContain('TITLE = "P1. Backprop on f = z \\xb7 2^(x \\u2212 y)"');
    expect(script).toContain("print(f'ok {TITLE}')");
    expect(script).toContain('    sys.exit(1)');
  });
});

describe('what the script is built from', () => {
  it('maps every op of the registry (inputs and constants are written as literals)', () => {
    const missing = OPS.filter((op) => op.kind !== 'source' && op.torch === undefined).map((op) => op.type);
    expect(missing).toEqual([]);
  });

  it('refuses an op it has no mapping for, naming it', () => {
    expect(() => torchMapping('fancyOp')).toThrow(new PyTorchExportError('no PyTorch mapping for op "fancyOp"'));
    expect(() => toPyTorchScript(graph([inp('x', 1), ['f', 'fancyOp']], []))).toThrow(/unknown op "fancyOp"/);
  });

  it('refuses a graph with an error, naming the node', () => {
    expect(() => toPyTorchScript(graph([inp('x', 1), ['m', 'mul']], [['x', 'm', 'a']]))).toThrow(
      /f2 \(node "m", mul\): input "b" is not connected/,
    );
  });

  it('writes the weights a layer owns with the numbers the engine drew for them', () => {
    const doc = { ...example('p9-linear-shapes.json'), expected: { nodes: { y: { value: [0] } } } };
    const ev = evaluate(compile(doc));
    const script = toPyTorchScript(doc);
    for (const port of ['weight', 'bias']) {
      const t = ev.paramValue(1, port) as Tensor;
      expect(script).toContain(`y_${port} = ${pyTensor(t, false)}`);
    }
    expect(script).toContain("# y's own weight (kaimingUniform, node seed 4), as the engine drew it");
    expect(script).toContain('y = F.linear(x, y_weight, y_bias)');
  });

  it('gives nodes named like Python builtins or keywords names of their own', () => {
    const script = toPyTorchScript(
      graph(
        [inp('in', 2), ['max', 'relu'], ['sum', 'square'], ['2nd-step', 'neg']],
        [
          ['in', 'max', 'u'],
          ['max', 'sum', 'u'],
          ['sum', '2nd-step', 'u'],
        ],
      ),
    );
    expect(script).toContain('in_ = torch.tensor(2.0');
    expect(script).toContain('max_ = torch.relu(in_)');
    expect(script).toContain('sum_ = torch.square(max_)');
    expect(script).toContain('n2nd_step = -sum_');
  });
});

describe('shapes, tensors and training steps', () => {
  it('builds a shapes-only document on the meta device, without a backward pass', () => {
    const script = toPyTorchScript(example('p9-vgg-shapes.json'));
    expect(script).toContain("image = torch.empty((3, 320, 320), device='meta')");
    expect(script).toContain("conv4_weight = torch.empty((512, 256, 3, 3), device='meta')");
    expect(script).toContain('check_shape("nodes.pool4.shape", pool4, [512, 20, 20])');
    expect(script).not.toContain('.backward(');
    expect(script.replace(/\n# /g, ' ')).toMatch(/Not checked here [^\n]*nodes\.conv1\.params/);
  });

  it('builds only the too-large part of a valued document on the meta device', () => {
    const doc = graph(
      [
        inp('x', { shape: [3], data: [1, 2, 3] }),
        ['s', 'sum'],
        inp('f', { shape: [25088], init: 'zeros' }),
        ['big', 'linear', { params: { inFeatures: 25088, outFeatures: 4096 } }],
      ],
      [
        ['x', 's', 'x'],
        ['f', 'big', 'x'],
      ],
      's',
    );
    const script = toPyTorchScript({ ...doc, expected: { output: 6, nodes: { big: { shape: [4096], value: [0] } } } });
    expect(script).toContain('x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)');
    expect(script).toContain("big_weight = torch.empty((4096, 25088), device='meta')");
    expect(script).toContain("big = F.linear(f.to('meta'), big_weight, big_bias)");
    expect(script).toContain('fail("nodes.big.value", "too large to evaluate here, as in Backprop Studio: only its shape is computed")');
    expect(script).toContain('s.backward()');
  });

  it('seeds a tensor output with ones', () => {
    expect(toPyTorchScript(example('p5-pooling-by-hand.json'))).toContain('avg.backward(torch.ones_like(avg))');
  });

  it('fails a gradient expected of a class index: neither autograd nor the engine gives it one', () => {
    const doc = example('p10-losses-at-init.json');
    const script = toPyTorchScript({ ...doc, expected: { ...doc.expected, nodes: { ...doc.expected?.nodes, label: { grad: 0 } } } });
    expect(script).toContain(
      'fail("nodes.label.grad", "no gradient: the node does not feed the output, or only as a class index or class weight (as in PyTorch)")',
    );
  });

  it('gives a flatten that changes nothing a tensor of its own, so its gradient is its own', () => {
    const script = toPyTorchScript(graph([inp('x', { shape: [3], data: [1, 2, 3] }), ['flat', 'flatten']], [['x', 'flat', 'x']]));
    expect(script).toContain('flat = x.reshape((3,))');
  });

  it("takes P3's training step as the engine does, then reruns the graph", () => {
    const all = lines(toPyTorchScript(example('p3-linear-mse-update.json')));
    const start = all.indexOf('with torch.no_grad():');
    expect(all.slice(start, start + 4)).toEqual([
      'with torch.no_grad():',
      '    A_next = A - (1.0 / 3) * A.grad',
      '    y_next = A_next @ x',
      "    L_next = 0.5 * F.mse_loss(y_next, t, reduction='sum')",
    ]);
    expect(all).toContain('check("step.lossAfter", L_next, 23.611111111111107, 1e-9)');
  });
});
