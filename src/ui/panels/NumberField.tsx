import { useId, useState } from 'react';
import { parseNumber } from '../parse';

interface Props {
  readonly label: string;
  readonly value: number;
  readonly onCommit: (v: number) => void;
  readonly integer?: boolean;
  readonly min?: number;
  readonly compact?: boolean;
}

function problem(v: number | null, integer: boolean | undefined, min: number | undefined): string | null {
  if (v === null) return 'enter a number';
  if (integer && !Number.isInteger(v)) return 'enter a whole number';
  if (min !== undefined && v < min) return `must be at least ${min}`;
  return null;
}

/**
 * A number input that commits every valid value as it is typed (the graph updates live) and
 * keeps an unfinished entry ("-", "1e") without committing it.
 */
export function NumberField({ label, value, onCommit, integer, min, compact }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const parsed = draft === null ? value : parseNumber(draft);
  const error = draft === null ? null : problem(parsed, integer, min);
  const input = (
    <input
      id={id}
      className="field__input field__input--number"
      inputMode="decimal"
      aria-label={compact ? label : undefined}
      aria-invalid={error !== null}
      aria-describedby={error ? `${id}-error` : undefined}
      value={draft ?? String(value)}
      onChange={(e) => {
        setDraft(e.target.value);
        const v = parseNumber(e.target.value);
        if (problem(v, integer, min) === null && v !== value) onCommit(v as number);
      }}
      onBlur={() => setDraft(null)}
    />
  );
  if (compact) return input;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {input}
      {error && (
        <span className="field__error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}
