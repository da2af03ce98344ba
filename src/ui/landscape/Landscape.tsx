import { useEffect, useId, useMemo, useState } from 'react';
import { formatLabel } from '../../format/number';
import { coordinatesOf, defaultPair, pointOf, Surface, trajectoryOf, type Coord } from '../../graph/optim/landscape';
import type { GraphDocument } from '../../graph/schema';
import { editor, useEditorState } from '../editor';
import { PlaybackIcon } from '../playback/icons';
import type { Run } from '../training/runs-state';
import { ColourLegend } from './ColourLegend';
import type { CoordRef, Range } from './landscape-state';
import { choosePair, pause, play, resetView, stepBy, syncLandscape, tick, zoomView } from './landscape';
import { DASHES, LandscapePlot, runColour, type DrawnRun } from './LandscapePlot';
import { gridSide, levelsOf } from './levels';
import { useGrid } from './useGrid';
import './landscape.css';

const key = (c: CoordRef) => `${c.id}#${c.index ?? ''}`;
const TICK_MS = 180;

/** The loss surface over two parameters, with every optimizer run's path on it, played step by step. */
export function Landscape() {
  const doc = useEditorState((s) => s.doc.present);
  const opened = useEditorState((s) => s.doc.opened);
  const chosen = useEditorState((s) => s.landscape.pair);
  useEffect(() => syncLandscape(), [opened]);
  const coords = useMemo(() => coordinatesOf(doc), [doc]);
  const pair = useMemo((): readonly [Coord, Coord] | null => {
    if (!chosen) return defaultPair(doc);
    const found = chosen.map((c) => coords.find((d) => key(d) === key(c)));
    return found[0] && found[1] ? [found[0], found[1]] : null;
  }, [chosen, coords, doc]);
  const ids = [useId(), useId()];
  const [large, setLarge] = useState(false);
  if (coords.length < 2) return null;
  const pick = (j: number, k: string) => {
    const c = coords.find((d) => key(d) === k);
    if (!c) return;
    const next: [CoordRef, CoordRef] = pair ? [pair[0], pair[1]] : [coords[0], coords[1]];
    next[j] = c;
    choosePair(next);
  };
  return (
    <section
      className={large ? 'landscape landscape--large' : 'landscape'}
      aria-label="Loss landscape"
      onKeyDown={(e) => large && e.key === 'Escape' && setLarge(false)}
    >
      <div className="landscape__head">
        <h4>Loss landscape</h4>
        <button type="button" className="button" aria-pressed={large} onClick={() => setLarge(!large)}>
          {large ? 'Back to the panel' : 'Enlarge'}
        </button>
      </div>
      <div className="landscape__choose">
        {(['horizontal axis', 'vertical axis'] as const).map((what, j) => (
          <span key={what}>
            <label htmlFor={ids[j]}>{what}</label>
            <select id={ids[j]} value={pair ? key(pair[j]) : ''} onChange={(e) => pick(j, e.target.value)}>
              {!pair && <option value="">choose a parameter</option>}
              {coords.map((c) => (
                <option key={key(c)} value={key(c)}>
                  {c.label}
                </option>
              ))}
            </select>
          </span>
        ))}
      </div>
      {pair ? (
        <LandscapeView doc={doc} pair={pair} others={coords.length > 2} />
      ) : (
        <p className="muted">Choose the two parameters to vary; the others stay at their current values.</p>
      )}
    </section>
  );
}

/** Runs of this graph (not of a document opened before), each with its path through the two parameters. */
function pathsOf(doc: GraphDocument, runs: readonly Run[], pair: readonly [Coord, Coord]) {
  const shape = (d: GraphDocument) => JSON.stringify([d.nodes.map((n) => [n.id, n.op]), d.edges]);
  const here = shape(doc);
  return runs.flatMap((run, i) => {
    if (!run.start || shape(run.start) !== here) return [];
    try {
      return [{ run, i, points: trajectoryOf(run.start, run.losses.length - 1, pair) }];
    } catch {
      return [];
    }
  });
}

/** The range around the current point and every path, padded: what to show before the user pans or zooms. */
function fitRange(values: readonly number[]): Range {
  const v = values.filter(Number.isFinite);
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = Math.max((hi - lo) * 0.15, 1);
  return [lo - pad, hi + pad];
}

function LandscapeView({ doc, pair, others }: { doc: GraphDocument; pair: readonly [Coord, Coord]; others: boolean }) {
  const runs = useEditorState((s) => s.runs.runs);
  const st = useEditorState((s) => s.landscape);
  const surface = useMemo(() => {
    try {
      return new Surface(doc, pair);
    } catch (e) {
      return e as Error;
    }
  }, [doc, pair]);
  const paths = useMemo(() => pathsOf(doc, runs, pair), [doc, runs, pair]);
  const ms = useMemo(() => {
    if (surface instanceof Error) return 0;
    const [a, b] = pointOf(doc, pair);
    const t0 = performance.now();
    for (let k = 0; k < 4; k++) surface.at(a + k, b);
    return (performance.now() - t0) / 4;
  }, [surface, doc, pair]);
  const { x, y } = useMemo(() => {
    const here = pointOf(doc, pair);
    return {
      x: st.x ?? fitRange([here[0], ...paths.flatMap((p) => p.points.map((q) => q[0]))]),
      y: st.y ?? fitRange([here[1], ...paths.flatMap((p) => p.points.map((q) => q[1]))]),
    };
  }, [st.x, st.y, doc, pair, paths]);
  const { grid, busy, problem } = useGrid(surface instanceof Error ? null : surface, doc, pair, x, y, gridSide(ms), ms);
  const levels = useMemo(() => (grid ? levelsOf(grid.values) : []), [grid]);
  const last = Math.max(0, ...paths.map((p) => p.points.length - 1));
  const step = Math.min(st.step ?? last, last);
  useEffect(() => editor.set('landscape', { step: null, playing: false }), [runs]);
  useEffect(() => {
    if (!st.playing) return;
    const id = setInterval(() => tick(last), TICK_MS);
    return () => clearInterval(id);
  }, [st.playing, last]);
  if (surface instanceof Error || problem)
    return <p className="issues">No landscape: {surface instanceof Error ? surface.message : problem}.</p>;
  if (!grid) return <p className="muted">Sampling the landscape in the background…</p>;
  const drawn: (DrawnRun & { loss: number; at: readonly [number, number]; t: number })[] = paths.map(({ run, points }) => {
    const t = Math.min(step, points.length - 1);
    const at = points[t];
    return { label: run.label, points: points.slice(0, t + 1), grad: surface.at(at[0], at[1]).grad, loss: run.losses[t], at, t };
  });
  const [a, b] = pair.map((c) => c.label);
  return (
    <>
      {!levels.length && (
        <p className="muted" role="status">
          The loss is the same over this whole range: these two parameters do not change it here.
        </p>
      )}
      <div className="landscape__figure">
        <LandscapePlot grid={grid} levels={levels} coords={pair} runs={drawn} />
        <ColourLegend levels={levels} />
      </div>
      <div className="landscape__controls" role="group" aria-label="Landscape playback">
        <button type="button" className="button" aria-label="First step" disabled={!paths.length} onClick={() => stepBy(-last, last)}>
          <PlaybackIcon name="reset" />
        </button>
        <button type="button" className="button" aria-label="Step back" disabled={!paths.length} onClick={() => stepBy(-1, last)}>
          <PlaybackIcon name="stepBack" />
        </button>
        {st.playing ? (
          <button type="button" className="button" aria-label="Pause" onClick={pause}>
            <PlaybackIcon name="pause" />
          </button>
        ) : (
          <button type="button" className="button button--primary" aria-label="Play" disabled={!paths.length} onClick={() => play(last)}>
            <PlaybackIcon name="play" />
          </button>
        )}
        <button type="button" className="button" aria-label="Step forward" disabled={!paths.length} onClick={() => stepBy(1, last)}>
          <PlaybackIcon name="stepForward" />
        </button>
        <span className="landscape__step" data-testid="landscape-step">
          step {step} / {last}
        </span>
        {busy && (
          <span className="muted landscape__step" role="status">
            sampling the new range…
          </span>
        )}
        <span className="landscape__zoom">
          <button type="button" className="button" aria-label="Zoom in" onClick={() => zoomView(x, y, 1 / 1.5)}>
            +
          </button>
          <button type="button" className="button" aria-label="Zoom out" onClick={() => zoomView(x, y, 1.5)}>
            −
          </button>
          <button type="button" className="button" onClick={resetView}>
            Reset view
          </button>
        </span>
      </div>
      {drawn.length ? (
        <ul className="landscape__readout" aria-label="Each run at the current step">
          {drawn.map((r, i) => (
            <li key={r.label + i}>
              <svg width={22} height={8} aria-hidden="true">
                <line x1={0} x2={22} y1={4} y2={4} stroke={runColour(i)} strokeWidth={2} strokeDasharray={DASHES[i % DASHES.length]} />
              </svg>
              <span>
                <b>{r.label}</b>, step {r.t}: {a} = {formatLabel(r.at[0])}, {b} = {formatLabel(r.at[1])}, L = {formatLabel(r.loss)}; ∂L/∂{a}{' '}
                = {formatLabel(r.grad?.[0] ?? NaN)}, ∂L/∂{b} = {formatLabel(r.grad?.[1] ?? NaN)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Run an optimizer above to draw its path here.</p>
      )}
      <p className="muted landscape__note">
        Drag to pan, wheel to zoom (or the arrow keys and + and − on the plot). Arrows: −∇L, the steepest way down, at a fixed length (its
        parts are listed above).
        {others ? ' Every other parameter is held at its current value; runs move them too, so their paths cross a slice.' : ''}
      </p>
    </>
  );
}
