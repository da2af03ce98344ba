import { Fragment } from 'react';
import { formatMemory } from '../../format/memory';
import { formatCount } from '../../format/number';
import { formatShape } from '../../format/shape';
import type { Params, OpDef } from '../../ops/types';
import type { NodeView } from '../eval/results';
import { FlopsFact } from './Flops';
import { isHidden } from '../playback/store';
import { ValueDisplay } from './TensorPreview';
import { useEditorState } from '../editor';

function rules(op: OpDef, params: Params): [string, string][] {
  try {
    return Object.entries(op.rule?.(params) ?? {});
  } catch {
    return [];
  }
}

/** What evaluation found for a node: value and gradient in full, shape, cost and the local derivative rule. */
export function NodeFacts({ view, op, params }: { view: NodeView | undefined; op: OpDef; params: Params }) {
  const index = view ? view.index + 1 : '?';
  const hideF = useEditorState((s) => view !== undefined && isHidden(s.playback, view.id, 'f'));
  const hideB = useEditorState((s) => view !== undefined && isHidden(s.playback, view.id, 'b'));
  // Shapes and costs come from the plan at once; values wait for the worker.
  const computing = useEditorState((s) => s.results.busy && view !== undefined && view.value === undefined && view.problem === null);
  const localRules = rules(op, params);
  return (
    <section className="facts" aria-label="Results">
      <h3>Results</h3>
      <dl className="facts__list">
        <dt>
          <span className="tag tag--fwd">f</span> value {view?.label ?? ''}
        </dt>
        <dd>
          {hideF ? (
            <span className="muted" data-testid="inspector-value">
              ? (its step has not run)
            </span>
          ) : computing ? (
            <span className="muted" data-testid="inspector-value">
              still computing (shape and cost below are final)
            </span>
          ) : (
            <ValueDisplay value={view?.value} testId="inspector-value" />
          )}
        </dd>
        <dt>
          <span className="tag tag--bwd">b</span> gradient b{index}
        </dt>
        <dd>
          {hideB ? (
            <span className="muted" data-testid="inspector-grad">
              ? (its step has not run)
            </span>
          ) : (
            <ValueDisplay value={view?.grad} testId="inspector-grad" />
          )}
        </dd>
        <dt>shape</dt>
        <dd>{view?.shape ? formatShape(view.shape) : '—'}</dd>
        {view?.cost && (
          <>
            <dt>params</dt>
            <dd>{formatCount(view.cost.params)}</dd>
            <FlopsFact macs={view.cost.macs} />
          </>
        )}
        {view?.memoryBytes != null && (
          <>
            <dt>activation</dt>
            <dd title="elements × 4 bytes (float32), 1 KB = 1024 bytes">{formatMemory(view.memoryBytes)}</dd>
          </>
        )}
        {view?.owned.map((o) => (
          <Fragment key={o.port}>
            <dt>own {o.port}</dt>
            <dd>{formatShape(o.shape)}</dd>
          </Fragment>
        ))}
      </dl>
      {localRules.length > 0 && (
        <>
          <h3>Local derivative</h3>
          <ul className="rules">
            {localRules.map(([port, text]) => (
              <li key={port}>
                <span className="port-tag">{port}</span> <code>{text}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
