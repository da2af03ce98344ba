import { useId, useState } from 'react';

interface Props {
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly multiline?: boolean;
  readonly onCommit: (v: string) => void;
}

/** A text input that commits as it is typed. */
export function TextField({ label, value, placeholder, multiline, onCommit }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const common = {
    id,
    className: 'field__input',
    value: draft ?? value,
    placeholder,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setDraft(e.target.value);
      onCommit(e.target.value);
    },
    onBlur: () => setDraft(null),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={4} {...common} /> : <input {...common} />}
    </div>
  );
}
