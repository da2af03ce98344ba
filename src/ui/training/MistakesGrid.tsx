import type { Accuracy } from '../../graph/optim/accuracy';
import type { DataSet } from '../../graph/optim/data';
import type { GraphDocument } from '../../graph/schema';
import { editor, useEditorState } from '../editor';
import { DigitImage } from './DigitImage';
import { sampleOf } from './saliency';

/** How many mistakes are drawn: a few screens' worth; the count says how many there are. */
const SHOWN = 60;

/** The held-out digits the model gets wrong, each drawn with its true and predicted label; choosing one looks at its saliency. */
export function MistakesGrid({ result, dataset, doc }: { result: Accuracy; dataset: DataSet; doc: GraphDocument }) {
  const chosen = useEditorState((s) => s.saliency.index);
  const { mistakes } = result;
  return (
    <figure className="mistakes" aria-label="Misclassified held-out digits">
      <figcaption>
        {mistakes.length === 0
          ? 'no held-out digit is misclassified'
          : `${mistakes.length} misclassified held-out digit${mistakes.length === 1 ? '' : 's'}${mistakes.length > SHOWN ? ` (the first ${SHOWN})` : ''}: true → predicted; choose one for its saliency`}
      </figcaption>
      <ul className="mistakes__grid">
        {mistakes.slice(0, SHOWN).map((m) => (
          <li key={m.index}>
            <button
              type="button"
              className="mistakes__item"
              aria-pressed={chosen === m.index}
              aria-label={`sample ${m.index}: true ${m.label}, predicted ${m.predicted}`}
              onClick={() => editor.saliency.choose(m.index)}
            >
              <DigitImage pixels={sampleOf(doc, dataset, m.index)} size={40} label={`digit ${m.index}`} />
              <span>
                {m.label} → {m.predicted}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </figure>
  );
}
