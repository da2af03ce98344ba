import { compile, sourceValue, type Plan } from '../compile';
import { evaluate } from '../evaluate';
import type { GraphDocument } from '../schema';
import { isTrainable } from '../train';
import type { Tensor, Value } from '../../tensor/tensor';
import { train } from './loop';

/** One number the landscape varies: a trainable scalar input, or one entry (row-major) of a trainable tensor. */
export interface Coord {
  readonly id: string;
  readonly index: number | null;
  readonly label: string;
}

/** Entries offered per tensor: enough for a small layer, not a list of thousands. */
const MAX_ENTRIES = 64;

const entryLabel = (name: string, shape: readonly number[], flat: number): string => {
  const idx: number[] = [];
  for (let d = shape.length - 1, r = flat; d >= 0; d--) {
    idx.unshift(r % shape[d]);
    r = Math.floor(r / shape[d]);
  }
  return `${name}[${idx.join(',')}]`;
};

/** The numbers a landscape can vary: every trainable scalar input, then the first entries of each trainable tensor. */
export function coordinatesOf(doc: GraphDocument): Coord[] {
  const out: Coord[] = [];
  for (const nd of doc.nodes) {
    if (!isTrainable(nd) || nd.value === undefined) continue;
    const name = nd.label ?? nd.name ?? nd.id;
    const v = nd.value;
    if (typeof v === 'number') out.push({ id: nd.id, index: null, label: name });
    else {
      const size = v.shape.reduce((a, b) => a * b, 1);
      if (v.shape.length === 0) out.push({ id: nd.id, index: null, label: name });
      else for (let i = 0; i < Math.min(size, MAX_ENTRIES); i++) out.push({ id: nd.id, index: i, label: entryLabel(name, v.shape, i) });
    }
  }
  return out;
}

/** The two coordinates a landscape of this document shows by default: its only two trainable numbers, or none. */
export function defaultPair(doc: GraphDocument): readonly [Coord, Coord] | null {
  const cs = coordinatesOf(doc);
  return cs.length === 2 ? [cs[0], cs[1]] : null;
}

const sameCoord = (a: Coord, b: Coord) => a.id === b.id && a.index === b.index;

/** The value of coordinate `c` in a value of its input. */
const read = (v: Value | undefined, c: Coord): number => (typeof v === 'number' ? v : v === undefined ? NaN : v.data[c.index ?? 0]);

/**
 * The loss as a function of two coordinates, every other input held at its value: the document is
 * compiled once, and each point is one evaluation with the two inputs overridden.
 */
export class Surface {
  readonly plan: Plan;
  private readonly k: readonly [number, number];

  constructor(
    doc: GraphDocument,
    readonly coords: readonly [Coord, Coord],
  ) {
    if (sameCoord(coords[0], coords[1])) throw new Error(`the landscape needs two different parameters, not ${coords[0].label} twice`);
    this.plan = compile(doc);
    const k = coords.map((c) => {
      const i = this.plan.index.get(c.id);
      if (i === undefined || this.plan.sourceValues[i] === undefined) throw new Error(`the parameter ${c.label} has no value`);
      return i;
    });
    this.k = [k[0], k[1]];
  }

  /** The source overrides that put the two coordinates at (x, y). */
  private overrides(x: number, y: number): Map<number, Value> {
    const m = new Map<number, Value>();
    [x, y].forEach((v, j) => {
      const c = this.coords[j];
      const k = this.k[j];
      if (c.index === null) return m.set(k, v);
      const base = (m.get(k) ?? this.plan.sourceValues[k]) as Tensor;
      const data = Float64Array.from(base.data);
      data[c.index] = v;
      return m.set(k, { shape: base.shape, data });
    });
    return m;
  }

  /** The loss at (x, y), and its gradient with respect to the two coordinates; NaN where the graph gives none. */
  at(x: number, y: number): { readonly loss: number; readonly grad: readonly [number, number] } {
    const ev = evaluate(this.plan, { overrides: this.overrides(x, y) });
    const loss = this.plan.output < 0 ? undefined : ev.value(this.plan.output);
    return {
      loss: typeof loss === 'number' ? loss : NaN,
      grad: [read(ev.grad(this.k[0]), this.coords[0]), read(ev.grad(this.k[1]), this.coords[1])],
    };
  }
}

/** The loss sampled on an nx × ny grid spanning x and y (ends included); row j holds y = y0 + j·Δy. */
export interface Grid {
  readonly nx: number;
  readonly ny: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly values: Float64Array;
}

export function gridOf(surface: Surface, x: readonly [number, number], y: readonly [number, number], nx: number, ny: number): Grid {
  const values = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const yj = y[0] + ((y[1] - y[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) values[j * nx + i] = surface.at(x[0] + ((x[1] - x[0]) * i) / (nx - 1), yj).loss;
  }
  return { nx, ny, x, y, values };
}

/** The two coordinates of a document's current values. */
export function pointOf(doc: GraphDocument, coords: readonly [Coord, Coord]): [number, number] {
  const get = (c: Coord): number => {
    const v = doc.nodes.find((n) => n.id === c.id)?.value;
    return read(v === undefined ? undefined : sourceValue(v), c);
  };
  return [get(coords[0]), get(coords[1])];
}

/**
 * The path a run takes through the two coordinates: the document it starts from (with its
 * `training`), advanced one step at a time by the same `train` that made the run, so every point
 * is the engine's own.
 */
export function trajectoryOf(start: GraphDocument, steps: number, coords: readonly [Coord, Coord]): [number, number][] {
  const points = [pointOf(start, coords)];
  let doc = start;
  for (let t = 0; t < steps; t++) {
    doc = train(doc, { steps: 1 }).doc;
    points.push(pointOf(doc, coords));
  }
  return points;
}
