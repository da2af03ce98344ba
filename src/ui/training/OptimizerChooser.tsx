import { useId } from 'react';
import { NumberField } from '../panels/NumberField';
import { editor, useEditorState } from '../editor';
import { FIELDS_OF } from './runs';
import { CHOICE_LABELS, CHOICES, INITIAL_FORM, type Choice, type Form } from './runs-state';

const LABELS: Partial<Record<keyof Form, string>> = {
  lr: 'learning rate η',
  momentum: 'momentum μ',
  weightDecay: 'weight decay λ',
  alpha: 'smoothing α',
  beta1: 'β1',
  beta2: 'β2',
  eps: 'ε',
};
/** PyTorch's learning rate per optimizer (SGD has none; 0.01 is a start). */
const DEFAULT_LR: Record<Choice, number> = {
  sgd: 0.01,
  momentum: 0.01,
  nesterov: 0.01,
  rmsprop: 0.01,
  adagrad: 0.01,
  adam: 0.001,
  adamw: 0.001,
};

const set = (patch: Partial<Form>) => editor.set('runs', (s) => ({ form: { ...s.form, ...patch } }));

/** Picks an optimizer and its hyperparameters (PyTorch's defaults when it is picked), the steps and a schedule. */
export function OptimizerChooser() {
  const form = useEditorState((s) => s.runs.form);
  const optimizerId = useId();
  const scheduleId = useId();
  return (
    <div className="optimizer-chooser">
      <label htmlFor={optimizerId}>optimizer</label>
      <select
        id={optimizerId}
        value={form.choice}
        onChange={(e) => {
          const choice = e.target.value as Choice;
          set({
            ...INITIAL_FORM,
            steps: form.steps,
            schedule: form.schedule,
            choice,
            lr: DEFAULT_LR[choice],
            weightDecay: choice === 'adamw' ? 0.01 : 0,
          });
        }}
      >
        {CHOICES.map((c) => (
          <option key={c} value={c}>
            {CHOICE_LABELS[c]}
          </option>
        ))}
      </select>
      {FIELDS_OF[form.choice].map((f) => (
        <NumberField key={f} label={LABELS[f] ?? f} value={form[f] as number} min={0} onCommit={(v) => set({ [f]: v })} />
      ))}
      <NumberField label="steps" integer min={1} value={form.steps} onCommit={(v) => set({ steps: v })} />
      <label htmlFor={scheduleId}>schedule</label>
      <select id={scheduleId} value={form.schedule} onChange={(e) => set({ schedule: e.target.value as Form['schedule'] })}>
        <option value="none">constant</option>
        <option value="cosine">cosine annealing</option>
        <option value="exponential">exponential (γ 0.95)</option>
        <option value="warmup">linear warm-up (first 10%)</option>
      </select>
    </div>
  );
}
