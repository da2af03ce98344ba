import { useId, useState } from 'react';
import { formulaToDocument } from '../../graph/formula-to-graph';
import { FormulaError } from '../../graph/formula';
import { replaceDocument } from '../files';
import { parseValues } from './formula-values';
import { editor } from '../editor';

interface Problem {
  readonly field: 'formula' | 'values';
  readonly message: string;
  readonly column?: number;
}

/** Type a formula and its input values, get the graph, laid out left to right. */
export function FormulaBox() {
  const [formula, setFormula] = useState('');
  const [values, setValues] = useState('');
  const [expandSub, setExpandSub] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const id = useId();
  const build = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseValues(values);
    if (!parsed.ok) {
      setProblem({ field: 'values', message: parsed.message });
      return;
    }
    try {
      // The open document's functions may be called, and the new graph keeps them.
      const functions = editor.state.doc.present.functions;
      const doc = formulaToDocument(formula, { values: parsed.values, expandSub, title: `f = ${formula.trim()}`, functions });
      setProblem(null);
      replaceDocument(doc, 'Build from formula');
      editor.notify(`Built ${doc.nodes.length} nodes from f = ${formula.trim()}.`);
    } catch (err) {
      if (err instanceof FormulaError) setProblem({ field: 'formula', message: err.message, column: err.column });
      else if (err instanceof RangeError) setProblem({ field: 'values', message: err.message });
      else throw err;
    }
  };
  const errorId = `${id}-error`;
  return (
    <form className="formula" onSubmit={build} aria-label="Build a graph from a formula">
      <div className="formula__row">
        <label className="formula__field formula__field--main">
          <span className="formula__prefix">f =</span>
          <input
            value={formula}
            onChange={(e) => setFormula(e.target.value)}
            placeholder="z * 2^(x - y)"
            aria-label="Formula"
            aria-invalid={problem?.field === 'formula'}
            aria-describedby={problem ? errorId : undefined}
            spellCheck={false}
          />
        </label>
        <label className="formula__field">
          <span className="formula__prefix">at</span>
          <input
            value={values}
            onChange={(e) => setValues(e.target.value)}
            placeholder="x=2, y=1, z=-3"
            aria-label="Input values"
            aria-invalid={problem?.field === 'values'}
            aria-describedby={problem ? errorId : undefined}
            spellCheck={false}
          />
        </label>
        <label className="formula__check" title="Write a − b as a + (−b), numbering the graph the way the exams do">
          <input type="checkbox" checked={expandSub} onChange={(e) => setExpandSub(e.target.checked)} /> a−b as a+(−b)
        </label>
        <button type="submit" className="button button--primary" disabled={formula.trim() === ''}>
          Build graph
        </button>
      </div>
      {problem && (
        <p className="formula__error" id={errorId} role="alert">
          {problem.field === 'formula' && problem.column !== undefined && <FormulaPointer formula={formula} column={problem.column} />}
          {problem.field === 'values' ? `Values: ${problem.message}` : `Formula: ${problem.message}`}
        </p>
      )}
    </form>
  );
}

/** The formula with the offending column marked. */
function FormulaPointer({ formula, column }: { formula: string; column: number }) {
  const i = Math.max(0, Math.min(column - 1, formula.length));
  return (
    <code className="formula__pointer" aria-hidden="true">
      {formula.slice(0, i)}
      <mark>{formula.slice(i, i + 1) || ' '}</mark>
      {formula.slice(i + 1)}
    </code>
  );
}
