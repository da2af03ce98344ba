import { useId, useState } from 'react';
import type { ParamSpec, ParamValue } from '../../ops/types';
import { NumberField } from './NumberField';

interface Props {
  readonly spec: ParamSpec;
  readonly value: ParamValue;
  readonly onCommit: (v: ParamValue) => void;
}

const intsText = (v: ParamValue): string => (Array.isArray(v) ? v.join(', ') : String(v));

/** The integers typed; an empty field is an empty list where the op accepts one (a default of []: squeeze's dims, slice's end). */
function parseInts(text: string, emptyOk: boolean): number[] | null {
  const parts = text.split(/[\s,×x]+/).filter(Boolean);
  if (parts.length === 0) return emptyOk ? [] : null;
  return parts.every((p) => /^-?\d+$/.test(p)) ? parts.map(Number) : null;
}

/** "3" or "3, 3": one integer or a list, stored the way the op's default is (a number stays a number). */
function IntsField({ spec, value, onCommit }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const word = (text: string) => spec.words?.find((w) => w === text.trim());
  const emptyOk = Array.isArray(spec.default) && spec.default.length === 0;
  const bad = draft !== null && parseInts(draft, emptyOk) === null && !word(draft);
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label ?? spec.name}</label>
      <input
        id={id}
        className="field__input"
        value={draft ?? intsText(value)}
        aria-invalid={bad}
        onChange={(e) => {
          setDraft(e.target.value);
          const ints = parseInts(e.target.value, emptyOk);
          const w = word(e.target.value);
          if (w) onCommit(w);
          else if (ints) onCommit(ints.length === 1 && !Array.isArray(spec.default) ? ints[0] : ints);
        }}
        onBlur={() => setDraft(null)}
      />
      {bad && <span className="field__error">enter integers separated by commas{spec.words && `, or ${spec.words.join(' or ')}`}</span>}
    </div>
  );
}

/** A generic editor for one op parameter, chosen by the kind in its ParamSpec. */
export function ParamEditor(props: Props) {
  const { spec, value, onCommit } = props;
  const label = spec.label ?? spec.name;
  const id = useId();
  switch (spec.kind) {
    case 'number':
      return <NumberField label={label} value={Number(value)} onCommit={onCommit} />;
    case 'int':
      return <NumberField label={label} value={Number(value)} onCommit={onCommit} integer min={spec.min} />;
    case 'bool':
      return (
        <label className="field field--check">
          <input type="checkbox" checked={value === true} onChange={(e) => onCommit(e.target.checked)} /> {label}
        </label>
      );
    case 'enum':
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select id={id} className="field__input" value={String(value)} onChange={(e) => onCommit(e.target.value)}>
            {spec.options?.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      );
    case 'ints':
      return <IntsField {...props} />;
  }
}
