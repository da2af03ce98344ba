import { readFileSync } from 'node:fs';
import { graph, inp } from '../../../tests/doc-builder';
import { parseDocument } from '../../graph/load';
import type { GraphDocument } from '../../graph/schema';
import { INITIAL_FORM, type Choice, type Form } from '../training/runs-state';
import { trainableParams, trainStep, type TrainStepResult } from './train-step';

/** L = (w·x − y)² at w = 0.5, x = 2, y = 3: L = 4 and ∂L/∂w = 2(wx − y)·x = −8 by hand. */
const regression = (w = 0.5): GraphDocument =>
  graph(
    [
      inp('w', w, { params: { trainable: true } }),
      inp('x', 2),
      inp('y', 3),
      ['m', 'mul'],
      ['d', 'sub'],
      ['L', 'pow', { params: { c: 2 } }],
    ],
    [
      ['w', 'm', 'a'],
      ['x', 'm', 'b'],
      ['m', 'd', 'a'],
      ['y', 'd', 'b'],
      ['d', 'L', 'u'],
    ],
    'L',
  );

const form = (choice: Choice, lr: number, extra: Partial<Form> = {}): Form => ({ ...INITIAL_FORM, choice, lr, weightDecay: 0, ...extra });
const loss = (w: number) => (2 * w - 3) ** 2;

function ok(r: TrainStepResult) {
  if ('problem' in r) throw new Error(r.problem);
  return r;
}
const newW = (doc: GraphDocument) => doc.nodes.find((n) => n.id === 'w')?.value as number;

/**
 * The first step of each optimizer in closed form from θ = 0.5, g = −8 (worked by hand, not by
 * the optimizers): the written-out θ and the value the engine's step leaves in the document must
 * both be it.
 */
const FIRST_STEPS: [string, Form, number][] = [
  ['SGD: θ − η g = 0.5 + 0.1·8', form('sgd', 0.1), 1.3],
  ['momentum: the first velocity is g itself, so the step is plain SGD', form('momentum', 0.1, { momentum: 0.9 }), 1.3],
  ['Nesterov: d = g + μ g = 1.9 g, θ = 0.5 + 0.1·15.2', form('nesterov', 0.1, { momentum: 0.9 }), 2.02],
  ['RMSProp: v = 0.01 g², so the step is η g/(0.1|g|) = 10 η against the sign', form('rmsprop', 0.01), 0.5 + (0.01 * 8) / (0.8 + 1e-8)],
  ['Adagrad: s = g², so the step is η against the sign', form('adagrad', 0.01, { eps: 1e-10 }), 0.5 + (0.01 * 8) / (8 + 1e-10)],
  ['Adam: m̂ = g and v̂ = g², so the step is η against the sign', form('adam', 0.01), 0.5 + (0.01 * 8) / (8 + 1e-8)],
  ['AdamW: θ(1 − ηλ) first, then Adam’s step', form('adamw', 0.01, { weightDecay: 0.01 }), 0.5 * (1 - 1e-4) + (0.01 * 8) / (8 + 1e-8)],
];

describe('a training step written out', () => {
  it.each(FIRST_STEPS)('%s', (_, f, expected) => {
    const { record, doc } = ok(trainStep(regression(), f, 'w', 0));
    expect(record).toMatchObject({ t: 1, param: 'w', loss: 4, grad: -8, theta: 0.5 });
    expect(record.lines.at(-1)?.name).toBe('θ');
    expect(record.lines.at(-1)?.value).toBeCloseTo(expected, 12);
    expect(newW(doc)).toBeCloseTo(expected, 12);
    expect(record.lossAfter).toBeCloseTo(loss(expected), 10);
    expect(doc.training?.steps).toBe(1);
  });

  it("Adam's lines: m = 0.1·(−8) = −0.8, v = 0.001·64 = 0.064, m̂ = −8, v̂ = 64", () => {
    const { record } = ok(trainStep(regression(), form('adam', 0.01), 'w', 0));
    const byName = Object.fromEntries(record.lines.map((l) => [l.name, l.value]));
    expect(byName.m).toBeCloseTo(-0.8, 14);
    expect(byName.v).toBeCloseTo(0.064, 14);
    expect(byName['m̂']).toBeCloseTo(-8, 12);
    expect(byName['v̂']).toBeCloseTo(64, 10);
    expect(record.lines[0].latex).toBe('m \\leftarrow \\beta_1 m + (1-\\beta_1) g = 0.9\\cdot 0 + 0.1\\cdot (-8) = -0.8');
  });

  it('the second momentum step reads the saved velocity: g₂ = 2(2.6 − 3)·2 = −1.6, b = 0.9·(−8) − 1.6 = −8.8, θ = 1.3 + 0.88', () => {
    const f = form('momentum', 0.1, { momentum: 0.9 });
    const first = ok(trainStep(regression(), f, 'w', 0));
    const { record, doc } = ok(trainStep(first.doc, f, 'w', 0));
    expect(record.t).toBe(2);
    expect(record.grad).toBeCloseTo(-1.6, 12);
    expect(record.lines.find((l) => l.name === 'b')?.value).toBeCloseTo(-8.8, 12);
    expect(newW(doc)).toBeCloseTo(2.18, 12);
    expect(record.lines.at(-1)?.value).toBeCloseTo(2.18, 12);
  });

  it('says why when there is nothing to train', () => {
    const doc = regression();
    const r = trainStep({ ...doc, nodes: doc.nodes.map((n) => ({ ...n, params: undefined })) }, form('sgd', 0.1), 'w', 0);
    expect(r).toEqual({ problem: '"w" is not a trainable input: mark a parameter as trainable to train it' });
  });

  it('lists the trainable inputs with their element counts: P3’s A is 1 × 2', () => {
    const r = parseDocument(readFileSync('public/examples/p3-linear-mse-update.json', 'utf8'));
    if (!r.ok) throw new Error('P3 does not load');
    expect(trainableParams(r.doc)).toEqual([{ id: 'A', name: 'A', size: 2 }]);
    expect(trainableParams(regression())).toEqual([{ id: 'w', name: 'w', size: 1 }]);
  });

  it('writes out the element chosen: P3’s A[1] under SGD, lr 1, moves by −∂L/∂A[1] = −4 to −2', () => {
    const r = parseDocument(readFileSync('public/examples/p3-linear-mse-update.json', 'utf8'));
    if (!r.ok) throw new Error('P3 does not load');
    const { record } = ok(trainStep(r.doc, form('sgd', 1), 'A', 1));
    expect(record).toMatchObject({ param: 'A[1]', theta: 2, grad: 4 });
    expect(record.lines.at(-1)?.value).toBe(-2);
  });
});
