import { useId } from 'react';
import { formatCount } from '../../format/number';
import { initTensor } from '../../tensor/init';
import { INITIALIZERS, type InitValue, type NodeValue } from '../../graph/schema';
import { sizeOf } from '../../tensor/tensor';
import { setValue } from '../store/edits';
import { NumberField } from './NumberField';
import { ShapeField } from './ShapeField';
import { TensorGrid } from './TensorGrid';
import { editor } from '../editor';

/** Tensors up to this many cells are edited cell by cell; larger ones by initializer and seed. */
export const GRID_MAX = 64;

type Mode = 'scalar' | 'grid' | 'init';
const MODES: readonly { mode: Mode; label: string }[] = [
  { mode: 'scalar', label: 'Number' },
  { mode: 'grid', label: 'Tensor' },
  { mode: 'init', label: 'Initializer' },
];

const modeOf = (v: NodeValue): Mode => (typeof v === 'number' ? 'scalar' : 'data' in v ? 'grid' : 'init');
const shapeOf = (v: NodeValue): number[] => (typeof v === 'number' ? [] : [...v.shape]);
const firstOf = (v: NodeValue): number => (typeof v === 'number' ? v : 'data' in v ? (v.data[0] ?? 0) : 0);

/** The value converted to another mode, keeping what carries over (shape, numbers). */
function convert(v: NodeValue, to: Mode): NodeValue {
  const shape = shapeOf(v);
  if (to === 'scalar') return firstOf(v);
  if (to === 'init') return { shape: shape.length ? shape : [3, 3], init: 'uniform', seed: 0, scale: 1 };
  const fits = shape.length > 0 && sizeOf(shape) <= GRID_MAX;
  if (fits && typeof v !== 'number' && 'init' in v)
    return { shape, data: Array.from(initTensor(shape, v.init, v.seed ?? 0, v.scale).data) };
  const small = fits ? shape : [2, 2];
  return { shape: small, data: new Array<number>(sizeOf(small)).fill(firstOf(v)) };
}

/** A tensor resized to a new shape: numbers kept in order, padding with zeros; too big for a grid becomes an initializer. */
function reshape(v: NodeValue, shape: number[]): NodeValue {
  if (typeof v !== 'number' && 'init' in v) return { ...v, shape };
  if (sizeOf(shape) > GRID_MAX) return { shape, init: 'uniform', seed: 0, scale: 1 };
  const old = typeof v === 'number' ? [v] : v.data;
  return { shape, data: Array.from({ length: sizeOf(shape) }, (_, i) => old[i] ?? 0) };
}

function InitFields({ value, onCommit }: { value: InitValue; onCommit: (v: NodeValue) => void }) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={id}>Initializer</label>
        <select
          id={id}
          className="field__input"
          value={value.init}
          onChange={(e) => onCommit({ ...value, init: e.target.value as InitValue['init'] })}
        >
          {INITIALIZERS.map((i) => (
            <option key={i}>{i}</option>
          ))}
        </select>
      </div>
      <NumberField label="Seed" integer value={value.seed ?? 0} onCommit={(seed) => onCommit({ ...value, seed })} />
      {['constant', 'uniform', 'normal'].includes(value.init) && (
        <NumberField
          label={value.init === 'constant' ? 'Constant' : value.init === 'uniform' ? 'Bound' : 'Standard deviation'}
          value={value.scale ?? 1}
          onCommit={(scale) => onCommit({ ...value, scale })}
        />
      )}
    </>
  );
}

/** Edits an input's or constant's value: a number, a small tensor cell by cell, or an initializer. */
export function ValueEditor({ id, value }: { id: string; value: NodeValue }) {
  const mode = modeOf(value);
  const commit = (v: NodeValue, label = 'Edit value') => editor.commit(label, setValue(id, v), { key: `value:${id}` });
  return (
    <fieldset className="value-editor">
      <legend>Value</legend>
      <div className="segmented" role="radiogroup" aria-label="Kind of value">
        {MODES.map((m) => (
          <button
            key={m.mode}
            type="button"
            role="radio"
            aria-checked={mode === m.mode}
            onClick={() => mode !== m.mode && commit(convert(value, m.mode), 'Change value kind')}
          >
            {m.label}
          </button>
        ))}
      </div>
      {typeof value === 'number' && <NumberField label="Value" value={value} onCommit={(v) => commit(v)} />}
      {typeof value !== 'number' && <ShapeField shape={value.shape} onCommit={(s) => commit(reshape(value, s), 'Change shape')} />}
      {typeof value !== 'number' && 'data' in value && value.data.length <= GRID_MAX && (
        <TensorGrid value={value} onCommit={(v) => commit(v)} />
      )}
      {typeof value !== 'number' && 'data' in value && value.data.length > GRID_MAX && (
        <p className="muted">
          {formatCount(value.data.length)} numbers written out in the file; switch to an initializer to generate them instead.
        </p>
      )}
      {typeof value !== 'number' && 'init' in value && <InitFields value={value} onCommit={(v) => commit(v)} />}
    </fieldset>
  );
}
