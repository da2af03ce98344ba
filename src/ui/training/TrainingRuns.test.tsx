// @vitest-environment jsdom
import '../test-setup';
import { readFileSync } from 'node:fs';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseDocument } from '../../graph/load';
import { train, withTraining } from '../../graph/optim/loop';
import { Inspector } from '../panels/Inspector';
import { editor } from '../editor';
import { updatesFromTimers } from '../playback/test-helpers';
import { renderEditor } from '../test-utils';

const P3 = (() => {
  const r = parseDocument(readFileSync('public/examples/p3-linear-mse-update.json', 'utf8'));
  if (!r.ok) throw new Error('P3 should load');
  return r.doc;
})();

describe('optimizer runs in the inspector', () => {
  beforeEach(() => {
    updatesFromTimers();
    editor.reset();
  });
  afterEach(() => editor.reset());

  it("P3: Adam's next update of A[0] written out (g = −2: m = −0.2, v = 0.004, m̂ = −2, v̂ = 4); two runs overlaid; keeping one is one undoable edit", async () => {
    const user = userEvent.setup();
    editor.reset(P3);
    renderEditor(<Inspector />);
    act(() => editor.select(['L']));
    const runs = screen.getByRole('region', { name: 'Optimizer runs' });
    const update = within(runs).getByRole('region', { name: 'The next update' });
    const value = (name: string) => Number(update.querySelector(`[data-name="${name}"]`)?.getAttribute('data-value'));
    expect(value('m')).toBeCloseTo(-0.2, 15);
    expect(value('v')).toBeCloseTo(0.004, 15);
    expect(value('m̂')).toBeCloseTo(-2, 12);
    expect(value('v̂')).toBeCloseTo(4, 12);
    expect(value('θ')).toBeCloseTo(3 + 0.01 * (2 / (2 + 1e-8)), 12);

    await user.click(within(runs).getByRole('button', { name: 'Run' }));
    await user.selectOptions(within(runs).getByRole('combobox', { name: 'optimizer' }), 'momentum');
    await user.click(within(runs).getByRole('button', { name: 'Run' }));
    const paths = runs.querySelectorAll('path[data-run]');
    expect([...paths].map((p) => p.getAttribute('data-run'))).toEqual(['Adam, lr 0.01', 'SGD + momentum, lr 0.01']);
    // The chart's runs are the engine's (checked against torch.optim in tests/unit/optim-torch.test.ts).
    const sgd = train(withTraining(P3, { optimizer: { name: 'sgd', lr: 0.01, weightDecay: 0, momentum: 0.9 } }), { steps: 50 });
    expect(editor.state.runs.runs[1].losses).toEqual(sgd.losses);

    await user.click(within(runs).getByRole('button', { name: 'Keep last run' }));
    const a = editor.state.doc.present.nodes.find((n) => n.id === 'A')?.value as { data: number[] };
    expect(a.data).toEqual(Array.from((sgd.params.A as { data: Float64Array }).data));
    expect(editor.state.doc.present.training?.steps).toBe(50);
    expect(editor.state.doc.past.map((e) => e.label)).toEqual(['Keep training run (SGD + momentum, lr 0.01)']);
    act(() => editor.undo());
    expect(editor.state.doc.present.training).toBeUndefined();
  });
});
