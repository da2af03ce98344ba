import { useId, useState } from 'react';
import { formatShape } from '../../format/shape';
import { parseShape } from '../parse';

/** A tensor shape typed as "2×3", "2, 3" or "3 x 227 x 227". */
export function ShapeField({ shape, onCommit }: { shape: readonly number[]; onCommit: (s: number[]) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const id = useId();
  const parsed = draft === null ? null : parseShape(draft);
  const bad = draft !== null && (parsed === null || parsed.length === 0 || parsed.length > 6);
  return (
    <div className="field">
      <label htmlFor={id}>Shape</label>
      <input
        id={id}
        className="field__input"
        value={draft ?? formatShape(shape)}
        aria-invalid={bad}
        onChange={(e) => {
          setDraft(e.target.value);
          const s = parseShape(e.target.value);
          if (s && s.length > 0 && s.length <= 6 && s.every((d) => d > 0)) onCommit(s);
        }}
        onBlur={() => setDraft(null)}
      />
      {bad && <span className="field__error">write dimensions like 2×3 (one to six of them)</span>}
    </div>
  );
}
