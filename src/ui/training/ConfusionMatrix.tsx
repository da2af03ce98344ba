import type { CSSProperties } from 'react';
import type { Accuracy } from '../../graph/optim/accuracy';

/**
 * The held-out confusion matrix: a row per true class, a column per predicted class, every cell
 * its count (shaded by its share of the row, so the pattern shows at a glance and the numbers
 * carry it without colour), with row and column totals.
 */
export function ConfusionMatrix({ result }: { result: Accuracy }) {
  const { confusion, correct, total } = result;
  const classes = confusion.map((_, c) => c);
  const rowTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = classes.map((c) => confusion.reduce((a, row) => a + row[c], 0));
  return (
    <table className="confusion" aria-label="Confusion matrix of the held-out samples">
      <caption>
        held-out confusion matrix: {correct} of {total} right (rows: true class, columns: predicted)
      </caption>
      <thead>
        <tr>
          <th scope="col" aria-label="true class \ predicted class">
            t\p
          </th>
          {classes.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          <th scope="col">Σ</th>
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, t) => (
          <tr key={t}>
            <th scope="row">{t}</th>
            {row.map((n, p) => {
              const share = rowTotals[t] ? n / rowTotals[t] : 0;
              return (
                <td
                  key={p}
                  data-true={t}
                  data-predicted={p}
                  className={
                    n === 0
                      ? 'confusion__cell confusion__cell--zero'
                      : t === p
                        ? 'confusion__cell confusion__cell--right'
                        : 'confusion__cell confusion__cell--wrong'
                  }
                  style={{ '--share': share.toFixed(3) } as CSSProperties}
                  title={`true ${t}, predicted ${p}: ${n}`}
                >
                  {n}
                </td>
              );
            })}
            <td className="confusion__total">{rowTotals[t]}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">Σ</th>
          {colTotals.map((n, p) => (
            <td key={p} className="confusion__total">
              {n}
            </td>
          ))}
          <td className="confusion__total" data-testid="confusion-total">
            {total}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
