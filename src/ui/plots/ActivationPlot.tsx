import { line, scaleLinear } from 'd3';
import { useId, useMemo } from 'react';
import { formatLabel } from '../../format/number';
import type { ElementwiseOp, Params } from '../../ops/types';
import { isHidden } from '../playback/store';
import { plotRange, sampleUnary, yRange, type Sample } from './activation';
import { useEditorState } from '../editor';

const W = 290;
const H = 170;
const M = { top: 10, right: 10, bottom: 22, left: 34 };
const MAX_RUG = 256;

/** The numbers reaching the op's input: one for a scalar, up to MAX_RUG of a tensor. */
function useInputs(id: string, port: string): number[] {
  const source = useEditorState((s) => s.doc.present.edges.find((e) => e.target === id && e.port === port)?.source);
  const value = useEditorState((s) => (source ? s.results.byId.get(source)?.value : undefined));
  const hidden = useEditorState((s) => source !== undefined && isHidden(s.playback, source, 'f'));
  return useMemo(
    () => (hidden || value === undefined ? [] : typeof value === 'number' ? [value] : Array.from(value.data.subarray(0, MAX_RUG))),
    [value, hidden],
  );
}

/**
 * A unary op's function and derivative over a range (P13), from the op's own forward and
 * derivative: f solid, f′ dashed, so they differ without colour. The current input is marked
 * with f and f′ there; a tensor input shows its values as ticks along the axis.
 */
export function ActivationPlot({ id, op, params }: { id: string; op: ElementwiseOp; params: Params }) {
  const port = op.inputs[0].name;
  const inputs = useInputs(id, port);
  const outHidden = useEditorState((s) => isHidden(s.playback, id, 'f'));
  const range = useMemo(() => plotRange(inputs.length === 1 ? inputs : []), [inputs]);
  const samples = useMemo(() => sampleUnary(op, params, range), [op, params, range]);
  const x = scaleLinear()
    .domain(range)
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain(yRange(samples))
    .range([H - M.bottom, M.top])
    .nice();
  const path = (key: 'f' | 'd') =>
    line<Sample>()
      .defined((s) => s[key] !== null)
      .x((s) => x(s.x))
      .y((s) => y(s[key] as number))(samples) ?? '';
  const u = inputs.length === 1 ? inputs[0] : undefined;
  const at = u === undefined ? undefined : sampleUnary(op, params, [u, u], 1)[0];
  const yTicks = y.ticks(4);
  // Curves that leave the range shown (2^x, the derivative of ln near 0) are cut at the plot's box.
  const clip = `${useId()}-clip`;
  return (
    <figure className="plot" aria-label={`${op.title} and its derivative`}>
      <figcaption>
        {op.title}: <span className="plot__key plot__key--f">f({port}) ——</span>{' '}
        <span className="plot__key plot__key--d">f′({port}) – –</span>
      </figcaption>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`Plot of ${op.title} and its derivative from ${formatLabel(range[0])} to ${formatLabel(range[1])}`}
      >
        <g className="plot__axes">
          {yTicks.map((t) => (
            <g key={t} transform={`translate(0,${y(t)})`}>
              <line x1={M.left} x2={W - M.right} className={t === 0 ? 'plot__zero' : 'plot__grid'} />
              <text x={M.left - 4} dy="0.32em" textAnchor="end">
                {formatLabel(t)}
              </text>
            </g>
          ))}
          {x.ticks(6).map((t) => (
            <text key={t} x={x(t)} y={H - 6} textAnchor="middle">
              {formatLabel(t)}
            </text>
          ))}
        </g>
        <clipPath id={clip}>
          <rect x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />
        </clipPath>
        <g clipPath={`url(#${clip})`} data-testid="plot-curves">
          <path className="plot__line plot__line--f" d={path('f')} />
          <path className="plot__line plot__line--d" d={path('d')} />
        </g>
        {inputs.length > 1 &&
          inputs.map((v, i) => <line key={i} className="plot__rug" x1={x(v)} x2={x(v)} y1={H - M.bottom} y2={H - M.bottom - 6} />)}
        {at && u !== undefined && (
          <g className="plot__mark" data-testid="plot-mark">
            <line x1={x(u)} x2={x(u)} y1={M.top} y2={H - M.bottom} />
            {!outHidden && at.f !== null && <circle cx={x(u)} cy={y(at.f)} r={4} className="plot__dot plot__dot--f" />}
            {!outHidden && at.d !== null && (
              <rect x={x(u) - 3.5} y={y(at.d) - 3.5} width={7} height={7} className="plot__dot plot__dot--d" />
            )}
          </g>
        )}
      </svg>
      {at && u !== undefined && (
        <p className="plot__readout">
          {port} = {formatLabel(u)} · f = {outHidden || at.f === null ? '?' : formatLabel(at.f)} · f′ ={' '}
          {outHidden || at.d === null ? '?' : formatLabel(at.d)}
        </p>
      )}
    </figure>
  );
}
