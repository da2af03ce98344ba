import { Icon } from '../icons';
import { alignBlock } from '../../explain/align';
import { explainTrace } from '../../explain/explain';
import { CopyLatexButton } from './CopyLatex';
import { InspectedTensor } from './InspectedTensor';
import { NotationSelect } from '../notation/NotationSelect';
import { ModeExplainBody } from '../playback/ModeExplain';
import { ResizeHandle } from './ResizeHandle';
import { StepCard } from './StepCard';
import { StreamedStepCard } from './StreamedStepCard';
import { useExplainedSteps } from './useExplainedSteps';
import { editor, useEditorState } from '../editor';
import './explain.css';

const EXACT_NOTE = {
  idle: '',
  loading: 'loading exact forms…',
  ready: 'exact forms on',
  failed: 'decimals (the exact engine did not load)',
} as const;

function ExplainBody() {
  const steps = useExplainedSteps();
  const exactState = useEditorState((s) => s.explain.exactState);
  const predict = useEditorState((s) => s.playback.predict);
  const mode = useEditorState((s) => s.playback.mode);
  return (
    <>
      <header className="explain__head">
        <h2>Explanation</h2>
        <span className="muted explain__exact" data-testid="exact-state">
          {EXACT_NOTE[exactState]}
        </span>
        <NotationSelect />
        {mode === 'reverse' && steps?.session && (
          <CopyLatexButton
            latex={() =>
              alignBlock(
                explainTrace(
                  steps.session.trace,
                  steps.session.plan,
                  steps.session.ev,
                  editor.state.explain.exact,
                  editor.state.notation.notation,
                ),
              )
            }
            what="The whole derivation"
            label="Copy the whole derivation as LaTeX (align)"
            text="Copy derivation"
          />
        )}
        <button type="button" className="tool" aria-label="Close the explanation" onClick={() => editor.explain.setOpen(false)}>
          <Icon name="close" size={14} />
        </button>
      </header>
      {mode !== 'reverse' ? (
        <ModeExplainBody mode={mode} />
      ) : (
        <div className="explain__body">
          {steps === null ? (
            <p className="muted">Press Play, or select a node, to see its computation written out.</p>
          ) : 'problem' in steps ? (
            <p className="muted">{steps.problem}</p>
          ) : steps.indices.length === 0 ? (
            <p className="muted">
              Nothing computed yet: every value shows “?”. Press → to run the first step{predict ? ', after predicting it' : ''}.
            </p>
          ) : steps.session === null ? (
            steps.indices.map((i) => <StreamedStepCard key={i} playable={steps.streamed} index={i} />)
          ) : (
            steps.indices.map((i) => <StepCard key={i} session={steps.session} index={i} />)
          )}
          <InspectedTensor />
        </div>
      )}
    </>
  );
}

/** The collapsible explanation panel under the canvas; opening it loads the exact engine. */
export function ExplainDrawer() {
  const open = useEditorState((s) => s.explain.open);
  const height = useEditorState((s) => s.explain.height);
  return (
    <section
      id="explain-panel"
      className="explain"
      aria-label="Explanation"
      hidden={!open}
      style={height === null ? undefined : { height }}
    >
      {open && (
        <>
          <ResizeHandle />
          <ExplainBody />
        </>
      )}
    </section>
  );
}
