/**
 * "Apply running stats" against PyTorch: two training-mode passes, each applied, then eval mode,
 * must leave nn.BatchNorm2d's running_mean and running_var and its eval output; and by hand.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/schema';
import { randomTensor } from '../../ops/tensor/testkit';
import type { Tensor } from '../../tensor/tensor';
import { graph, inp } from '../../../tests/doc-builder';
import { runPython, torchMissing } from '../../../tests/python';
import { tempDir } from '../../../tests/tmp';
import { snapshotOf } from '../eval/results';
import { applyRunningStats, runningStatsOf } from './running-stats';

const value = (t: Tensor) => ({ shape: [...t.shape], data: [...t.data] });

function bnDoc(x: Tensor, params: Record<string, number | string>): GraphDocument {
  return graph(
    [inp('x', value(x)), ['bn', 'batchNorm', { params }], ['s', 'sum']],
    [
      ['x', 'bn', 'x'],
      ['bn', 's', 'x'],
    ],
    's',
  );
}

/** The stats the inspector shows for node bn after evaluating `doc`, through the UI's own snapshot. */
function statsOf(doc: GraphDocument) {
  const byId = new Map(snapshotOf(analyze(doc)).nodes.map((v) => [v.id, v]));
  const node = doc.nodes.find((n) => n.id === 'bn');
  if (!node) throw new Error('no bn');
  return { stats: runningStatsOf(doc, node, byId), byId };
}

/** Evaluates, then applies the updated statistics, as the button does. */
function applyOnce(doc: GraphDocument): GraphDocument {
  const { updated } = statsOf(doc).stats;
  if (!updated) throw new Error('no update');
  return produce(doc, applyRunningStats('bn', updated));
}

const setX = (doc: GraphDocument, x: Tensor) =>
  produce(doc, (d) => {
    const n = d.nodes.find((m) => m.id === 'x');
    if (n) n.value = value(x);
  });

describe('batch norm running statistics in the inspector', () => {
  it('by hand: the batch [[1, 10], [3, 30]] with momentum ½ from PyTorch’s 0 and 1 gives mean (1, 10), var (1.5, 100.5)', () => {
    const doc = bnDoc({ shape: [2, 2], data: Float64Array.from([1, 10, 3, 30]) }, { momentum: 0.5 });
    const { stats } = statsOf(doc);
    expect(stats.mode).toBe('train');
    expect(stats.connected).toEqual({ runningMean: false, runningVar: false });
    expect([...(stats.current?.runningMean ?? [])]).toEqual([0, 0]);
    expect([...(stats.current?.runningVar ?? [])]).toEqual([1, 1]);
    // Means 2 and 20; unbiased variances 2 and 200: ½·0 + ½·2 = 1, ½·1 + ½·200 = 100.5.
    expect([...(stats.updated?.runningMean.data ?? [])]).toEqual([1, 10]);
    expect([...(stats.updated?.runningVar.data ?? [])]).toEqual([1.5, 100.5]);
    const applied = applyOnce(doc);
    expect(applied.nodes.filter((n) => n.op === 'constant').map((n) => [n.id, n.value])).toEqual([
      ['bn_mean', { shape: [2], data: [1, 10] }],
      ['bn_var', { shape: [2], data: [1.5, 100.5] }],
    ]);
    const again = statsOf(applied).stats;
    expect(again.connected).toEqual({ runningMean: true, runningVar: true });
    expect([...(again.current?.runningMean ?? [])]).toEqual([1, 10]);
    // The second pass on the same batch, written into the same constants: mean ½·1 + ½·2 = 1.5, ½·10 + ½·20 = 15;
    // var ½·1.5 + ½·2 = 1.75, ½·100.5 + ½·200 = 150.25.
    const twice = applyOnce(applied);
    expect(twice.nodes).toHaveLength(applied.nodes.length);
    expect(twice.nodes.find((n) => n.id === 'bn_mean')?.value).toEqual({ shape: [2], data: [1.5, 15] });
    expect(twice.nodes.find((n) => n.id === 'bn_var')?.value).toEqual({ shape: [2], data: [1.75, 150.25] });
  });

  it('a feeder shared with another node is left as it was: the statistics go into a new constant', () => {
    const doc = produce(bnDoc({ shape: [2, 2], data: Float64Array.from([1, 10, 3, 30]) }, { momentum: 0.5 }), (d) => {
      d.nodes.push({ id: 'shared', op: 'constant', position: { x: 0, y: 200 }, value: { shape: [2], data: [0, 0] } });
      d.nodes.push({ id: 'other', op: 'neg', position: { x: 100, y: 200 } });
      d.edges.push({ source: 'shared', target: 'bn', port: 'runningMean' }, { source: 'shared', target: 'other', port: 'u' });
    });
    const applied = applyOnce(doc);
    expect(applied.nodes.find((n) => n.id === 'shared')?.value).toEqual({ shape: [2], data: [0, 0] });
    expect(applied.edges.filter((e) => e.target === 'bn').map((e) => [e.source, e.port])).toEqual([
      ['x', 'x'],
      ['bn_mean', 'runningMean'],
      ['bn_var', 'runningVar'],
    ]);
  });

  it('two applied training passes, then eval mode, match nn.BatchNorm2d’s buffers and eval output', async () => {
    const missing = torchMissing();
    if (missing) throw new Error(missing);
    const batches = [randomTensor([2, 3, 2, 2], 61), randomTensor([2, 3, 2, 2], 62), randomTensor([2, 3, 2, 2], 63)];
    let doc = bnDoc(batches[0], { momentum: 0.3 });
    doc = applyOnce(doc);
    doc = applyOnce(setX(doc, batches[1]));
    const buffers = statsOf(doc).stats.current;
    doc = produce(setX(doc, batches[2]), (d) => {
      const bn = d.nodes.find((n) => n.id === 'bn');
      if (bn) bn.params = { ...bn.params, mode: 'eval' };
    });
    const { stats, byId } = statsOf(doc);
    expect(stats.mode).toBe('eval');
    expect(stats.updated).toBeNull();
    const y = byId.get('bn')?.value;
    if (typeof y !== 'object' || !buffers) throw new Error('no eval output');
    const t = (x: Tensor) => `torch.tensor(${JSON.stringify([...x.data])}).reshape(${x.shape.join(', ')})`;
    const script = [
      'import json, torch',
      'torch.set_default_dtype(torch.float64)',
      'bn = torch.nn.BatchNorm2d(3, momentum=0.3)',
      `bn(${t(batches[0])}); bn(${t(batches[1])})`,
      'bn.eval()',
      `y = bn(${t(batches[2])})`,
      'print(json.dumps({"mean": bn.running_mean.tolist(), "var": bn.running_var.tolist(), "y": y.flatten().tolist()}))',
    ].join('\n');
    const file = join(tempDir('backprop-bn-apply-'), 'bn.py');
    writeFileSync(file, script);
    const run = await runPython(file);
    expect(run.status, run.output).toBe(0);
    const torch = JSON.parse(run.output) as { mean: number[]; var: number[]; y: number[] };
    torch.mean.forEach((v, c) => expect(buffers.runningMean[c]).toBeCloseTo(v, 14));
    torch.var.forEach((v, c) => expect(buffers.runningVar[c]).toBeCloseTo(v, 14));
    torch.y.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 12));
  }, 120_000);
});
