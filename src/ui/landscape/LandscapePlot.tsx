import { contours, geoPath, geoTransform, interpolateGreys, scaleLinear, schemeTableau10 } from 'd3';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { formatLabel } from '../../format/number';
import type { Coord, Grid } from '../../graph/optim/landscape';
import { panView, zoomView } from './landscape';

export const W = 320;
export const H = 290;
const M = { top: 8, right: 8, bottom: 38, left: 48 };
const ARROW = 40;

export const runColour = (i: number): string => schemeTableau10[i % schemeTableau10.length];
/** Dashes as well as colours, so runs differ without colour too (as on the loss chart). */
export const DASHES = ['', '6 3', '2 2', '8 3 2 3'];

/** One run as the plot draws it: its points up to the current step, and the gradient there. */
export interface DrawnRun {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
  readonly grad: readonly [number, number] | null;
}

interface Props {
  readonly grid: Grid;
  readonly levels: readonly number[];
  readonly coords: readonly [Coord, Coord];
  readonly runs: readonly DrawnRun[];
}

/**
 * The colour of band k of n + 1 (0: below the lowest of n levels): light greys, darker where the
 * loss is lower, so every run's colour (the loss chart's) stands out on them.
 */
export const bandColour = (k: number, n: number): string => interpolateGreys(0.5 - (0.46 * k) / Math.max(1, n));

const LABEL_GAP = 26;

/**
 * Where to write each level: a vertex of its contour well inside the plot, on alternate sides for
 * alternate levels, and away from the labels already placed.
 */
function labelPoints(rings: readonly (readonly (readonly [number, number])[])[]): (readonly [number, number] | null)[] {
  const placed: (readonly [number, number])[] = [];
  return rings.map((ring, k) => {
    const inside = ring.filter(([x, y]) => x > M.left + 14 && x < W - M.right - 14 && y > M.top + 8 && y < H - M.bottom - 6);
    const free = inside.filter(([x, y]) => placed.every(([u, v]) => Math.hypot(x - u, y - v) > LABEL_GAP));
    if (!free.length) return null;
    const score = ([x, y]: readonly [number, number]) => (k % 2 ? x - y : y - x);
    const best = free.reduce((a, b) => (score(b) > score(a) ? b : a));
    placed.push(best);
    return best;
  });
}

/**
 * The loss over the two parameters as filled contours with labelled levels, the runs' paths
 * on it, and each run's −∇L at its current point. Drag to pan, the wheel to zoom.
 */
export function LandscapePlot({ grid, levels, coords, runs }: Props) {
  const clip = `landscape-clip-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ x0: number; y0: number; dx: number; dy: number } | null>(null);
  const { x: xr, y: yr, nx, ny } = grid;
  const sx = scaleLinear()
    .domain(xr)
    .range([M.left, W - M.right]);
  const sy = scaleLinear()
    .domain(yr)
    .range([H - M.bottom, M.top]);
  const cellX = (xr[1] - xr[0]) / (nx - 1);
  const cellY = (yr[1] - yr[0]) / (ny - 1);
  // d3-contour puts sample i at i + 0.5 in grid coordinates.
  const toPlot = (gx: number, gy: number): [number, number] => [sx(xr[0] + (gx - 0.5) * cellX), sy(yr[0] + (gy - 0.5) * cellY)];
  const project = geoTransform({
    point(gx, gy) {
      const [px, py] = toPlot(gx, gy);
      this.stream.point(px, py);
    },
  });
  const path = geoPath(project);
  const finite = Array.from(grid.values, (v) => (Number.isFinite(v) ? v : Infinity));
  const bands = contours()
    .size([nx, ny])
    .thresholds([...levels])(finite);
  const labels = labelPoints(bands.map((b) => b.coordinates.flatMap((poly) => poly[0].map(([gx, gy]) => toPlot(gx, gy)))));

  const scaleOf = (el: SVGSVGElement) => {
    const r = el.getBoundingClientRect();
    return { r, k: W / r.width };
  };
  // The wheel must be a non-passive listener to keep the page from scrolling while zooming.
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { r, k } = scaleOf(el);
      const cx = sx.invert((e.clientX - r.left) * k);
      const cy = sy.invert((e.clientY - r.top) * k);
      zoomView(xr, yr, e.deltaY > 0 ? 1.2 : 1 / 1.2, cx, cy);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });
  const onDown = (e: ReactPointerEvent<SVGRectElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ x0: e.clientX, y0: e.clientY, dx: 0, dy: 0 });
  };
  const onMove = (e: ReactPointerEvent<SVGRectElement>) => {
    if (drag && svg.current) {
      const { k } = scaleOf(svg.current);
      setDrag({ ...drag, dx: (e.clientX - drag.x0) * k, dy: (e.clientY - drag.y0) * k });
    }
  };
  const onUp = () => {
    if (drag && (drag.dx || drag.dy))
      panView(xr, yr, -drag.dx * ((cellX * (nx - 1)) / (W - M.left - M.right)), drag.dy * ((cellY * (ny - 1)) / (H - M.top - M.bottom)));
    setDrag(null);
  };
  const shift = drag ? `translate(${drag.dx},${drag.dy})` : undefined;
  // The keyboard's way to pan and zoom: arrows move a tenth of the range, + and − zoom about the centre.
  const onKey = (e: ReactKeyboardEvent<SVGSVGElement>) => {
    const dx = (xr[1] - xr[0]) / 10;
    const dy = (yr[1] - yr[0]) / 10;
    const moves: Record<string, () => void> = {
      ArrowLeft: () => panView(xr, yr, -dx, 0),
      ArrowRight: () => panView(xr, yr, dx, 0),
      ArrowUp: () => panView(xr, yr, 0, dy),
      ArrowDown: () => panView(xr, yr, 0, -dy),
      '+': () => zoomView(xr, yr, 1 / 1.5),
      '=': () => zoomView(xr, yr, 1 / 1.5),
      '-': () => zoomView(xr, yr, 1.5),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    e.stopPropagation();
    move();
  };

  return (
    <svg
      ref={svg}
      className="landscape__plot"
      viewBox={`0 0 ${W} ${H}`}
      tabIndex={0}
      onKeyDown={onKey}
      role="img"
      aria-label={`Loss over ${coords[0].label} (${formatLabel(xr[0])} to ${formatLabel(xr[1])}) and ${coords[1].label} (${formatLabel(yr[0])} to ${formatLabel(yr[1])})`}
    >
      <defs>
        <clipPath id={clip}>
          <rect x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clip})`}>
        <g transform={shift}>
          <rect x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} fill={bandColour(0, levels.length)} />
          {bands.map((b, k) => (
            <path
              key={b.value}
              d={path(b) ?? ''}
              fill={bandColour(k + 1, levels.length)}
              className="landscape__band"
              data-level={b.value}
            />
          ))}
          {labels.map((p, k) =>
            p ? (
              <text key={bands[k].value} x={p[0]} y={p[1]} className="landscape__level" textAnchor="middle" dy="0.32em">
                {formatLabel(bands[k].value)}
              </text>
            ) : null,
          )}
          {runs.map((r, i) => (
            <RunPath key={r.label + i} run={r} i={i} sx={sx} sy={sy} />
          ))}
        </g>
      </g>
      <rect
        x={M.left}
        y={M.top}
        width={W - M.left - M.right}
        height={H - M.top - M.bottom}
        className="landscape__pan"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={() => setDrag(null)}
      />
      <g className="plot__axes landscape__x-axis">
        {sx.ticks(5).map((t) => (
          <g key={t} transform={`translate(${sx(t)},${H - M.bottom})`} data-value={t}>
            <line y2={4} stroke="currentColor" />
            <text y={14} textAnchor="middle">
              {formatLabel(t)}
            </text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" className="landscape__axis-title">
          {coords[0].label}
        </text>
      </g>
      <g className="plot__axes landscape__y-axis">
        {sy.ticks(5).map((t) => (
          <g key={t} transform={`translate(${M.left},${sy(t)})`} data-value={t}>
            <line x2={-4} stroke="currentColor" />
            <text x={-6} dy="0.32em" textAnchor="end">
              {formatLabel(t)}
            </text>
          </g>
        ))}
        <text transform={`translate(11,${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="landscape__axis-title">
          {coords[1].label}
        </text>
      </g>
    </svg>
  );
}

type Scale = ReturnType<typeof scaleLinear<number, number>>;

/** A run's path to its current point, a dot per step, and −∇L there as an arrow of fixed length (its size is in the readout). */
function RunPath({ run, i, sx, sy }: { run: DrawnRun; i: number; sx: Scale; sy: Scale }) {
  const pts = run.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  if (!pts.length) return null;
  const d = pts.map(([a, b], k) => `${k ? 'L' : 'M'}${sx(a)},${sy(b)}`).join('');
  const [cx, cy] = [sx(pts[pts.length - 1][0]), sy(pts[pts.length - 1][1])];
  const g = run.grad;
  // −∇L in plot units: the y axis points up, the screen's down.
  const vx = g ? -g[0] * (sx(1) - sx(0)) : 0;
  const vy = g ? -g[1] * (sy(1) - sy(0)) : 0;
  const len = Math.hypot(vx, vy);
  const c = runColour(i);
  return (
    <g className="landscape__run" data-trajectory={run.label}>
      <path d={d} fill="none" stroke="white" strokeWidth={2.8} strokeOpacity={0.55} />
      <path
        d={d}
        fill="none"
        stroke={c}
        strokeWidth={1.6}
        strokeDasharray={DASHES[i % DASHES.length]}
        className="landscape__trajectory"
        data-trajectory={run.label}
      />
      {pts.map(([a, b], k) => (
        <circle key={k} cx={sx(a)} cy={sy(b)} r={1.6} fill={c} />
      ))}
      <circle cx={cx} cy={cy} r={4} fill={c} stroke="white" strokeWidth={1.5} className="landscape__current" />
      {len > 0 && <Arrow x={cx} y={cy} ux={vx / len} uy={vy / len} colour={c} label={run.label} />}
    </g>
  );
}

function Arrow({ x, y, ux, uy, colour, label }: { x: number; y: number; ux: number; uy: number; colour: string; label: string }) {
  const [tx, ty] = [x + ux * ARROW, y + uy * ARROW];
  const head = `${tx},${ty} ${tx - ux * 7 - uy * 4},${ty - uy * 7 + ux * 4} ${tx - ux * 7 + uy * 4},${ty - uy * 7 - ux * 4}`;
  return (
    <g className="landscape__gradient" data-trajectory={label}>
      <title>−∇L, the steepest descent direction ({label})</title>
      <line x1={x} y1={y} x2={tx - ux * 6} y2={ty - uy * 6} stroke="white" strokeWidth={4} />
      <line x1={x} y1={y} x2={tx - ux * 6} y2={ty - uy * 6} stroke={colour} strokeWidth={2} />
      <polygon points={head} fill={colour} stroke="white" strokeWidth={0.8} />
    </g>
  );
}
