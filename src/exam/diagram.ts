import type { Analysis } from '../graph/analyze';
import { readExam } from './blanks';
import { fairBlanks } from './giveaways';
import type { ExactAnswers } from './answers';
import { buildItems, LABEL_ASCENT, LABEL_DESCENT } from './items';
import { placeConstants, placeEdges, placeNodes } from './place';
import { runsWidth, type TextRun } from './runs';

/** The student's sheet (blanks empty) or the instructor's key (blanks filled in). */
export type ExamView = 'student' | 'answer';

/** What to draw: the view, the blanks and the exact forms. */
export interface DiagramOptions {
  readonly view: ExamView;
  /** The blanks by name; the document's `meta.exam.blanks` when absent. Names that fit no node are ignored. */
  readonly blanks?: readonly string[];
  /** Exact forms to print instead of four-digit decimals (from the exact engine). */
  readonly answers?: ExactAnswers;
}

/** A point in diagram units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A rectangle by its top-left corner, in diagram units (CSS px, 0.75 pt each; y grows downwards). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A piece of text at a baseline; `x` is where `anchor` says (its start, middle or end). */
export interface TextItem {
  readonly runs: readonly TextRun[];
  readonly x: number;
  readonly baseline: number;
  /** Font size in diagram units. */
  readonly size: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

/** A gate (circle or pill with its op's symbol) or an input (a box with its name). */
export interface DiagramNode {
  readonly id: string;
  readonly rect: Rect;
  /** The corner radius: half the height for circles and pills. */
  readonly radius: number;
  readonly texts: readonly TextItem[];
}

/** An edge: a straight run from the source (where its labels sit), a curve, an arrowhead. */
export interface DiagramEdge {
  readonly from: string;
  /** The target node, or null for the stub leaving a node nobody reads (the output). */
  readonly to: string | null;
  readonly start: Point;
  readonly run: Point;
  /** Absent when the edge is one straight line. */
  readonly curve: { readonly c1: Point; readonly c2: Point; readonly end: Point } | null;
  /** The tip first, then the two corners of the base. */
  readonly arrow: readonly [Point, Point, Point];
}

/**
 * A label such as "f4 = −1": the name and relation, then the answer, or a box where the
 * student writes it. In the student view a blank's answer is null: it is not in the model at all,
 * so no renderer can leak it.
 */
export interface DiagramLabel {
  /** The blank this label is, blanked or not: "f4", "b4", "shape:O", "params:conv1". */
  readonly key: string;
  readonly role: 'forward' | 'backward' | 'params';
  /** The name ("f4" as f with a subscript 4, or the user's label) and how the answer relates to it. */
  readonly name: readonly TextRun[];
  readonly relation: '=' | '∈';
  readonly x: number;
  readonly baseline: number;
  readonly width: number;
  /** The answer's text and LaTeX; null when hidden or when nothing was computed (printed as a dash). */
  readonly answer: { readonly text: string; readonly latex: string | null } | null;
  /** The blank's box, or null when the answer is printed inline. */
  readonly box: Rect | null;
}

/** A small tensor as a table of cells under its node. */
export interface DiagramGrid {
  readonly node: string;
  readonly of: 'value' | 'grad';
  readonly caption: TextItem;
  readonly rect: Rect;
  readonly cells: readonly {
    readonly key: string;
    readonly rect: Rect;
    readonly text: string | null;
    readonly blank: boolean;
  }[];
}

/** Everything the SVG and TikZ renderers draw, already placed. */
export interface Diagram {
  readonly view: ExamView;
  readonly title: string;
  /** The content with a margin around it. */
  readonly bounds: Rect;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  readonly labels: readonly DiagramLabel[];
  readonly grids: readonly DiagramGrid[];
  /** Numbers typed into ports, each written at its port (they have no f_i). */
  readonly constants: readonly TextItem[];
}

const MARGIN = 10;

/** A loop, not Math.min(...rects): spreading a large graph's rects overflows the call stack. */
function union(rects: readonly Rect[]): Rect {
  if (!rects.length) return { x: 0, y: 0, width: 0, height: 0 };
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const pointRect = (p: Point): Rect => ({ x: p.x, y: p.y, width: 0, height: 0 });

/** The area a label takes, its box included: the same in both views. */
export const labelRect = (l: DiagramLabel): Rect => ({
  x: l.x,
  y: l.baseline - LABEL_ASCENT,
  width: l.width,
  height: LABEL_ASCENT + LABEL_DESCENT,
});

/** A table with its caption, which sits to its left. */
function gridRect(g: DiagramGrid): Rect {
  const captionLeft = g.caption.x - runsWidth(g.caption.runs, g.caption.size);
  return { x: captionLeft, y: g.rect.y, width: g.rect.x + g.rect.width - captionLeft, height: g.rect.height };
}

/**
 * Lays out the printed exam figure of an analysed graph: nodes where the document puts them
 * (spacing scaled so every edge has room for its labels), each node's forward value f_i above
 * the first stretch of its outgoing edge and its gradient b_i below, blanks as empty boxes.
 * Both views have the same geometry, so a student's sheet and the key line up.
 */
export function layoutDiagram(an: Analysis, opts: DiagramOptions): Diagram {
  // A printed number equal to a blank or its negative would give the blank away: it is hidden too.
  const blanks = fairBlanks(an, opts.blanks ?? readExam(an.doc).blanks);
  const placed = placeNodes(an, buildItems(an, blanks, opts.answers), opts.view);
  const edges = placeEdges(an, placed);
  const constants = placeConstants(an, placed);
  const { nodes, labels, grids } = placed;
  const content = union([
    ...nodes.map((n) => n.rect),
    ...labels.map(labelRect),
    ...grids.map(gridRect),
    ...constants.map((t) => ({
      x: t.x - runsWidth(t.runs, t.size),
      y: t.baseline - LABEL_ASCENT,
      width: runsWidth(t.runs, t.size),
      height: LABEL_ASCENT + LABEL_DESCENT,
    })),
    // A curve stays inside the hull of its ends and control points.
    ...edges.flatMap((e) => [e.start, e.run, ...e.arrow, ...(e.curve ? [e.curve.c1, e.curve.c2] : [])].map(pointRect)),
  ]);
  return {
    view: opts.view,
    title: an.doc.title ?? 'Computational graph',
    bounds: { x: content.x - MARGIN, y: content.y - MARGIN, width: content.width + 2 * MARGIN, height: content.height + 2 * MARGIN },
    nodes,
    edges,
    labels,
    grids,
    constants,
  };
}
