import type { Analysis, NodeResult } from '../graph/analyze';
import { SOURCE } from '../graph/compile';
import type { Value } from '../tensor/tensor';
import { cellAnswer, paramsAnswer, shapeAnswer, valueAnswer, type Answer, type ExactAnswers } from './answers';
import { parseBlank } from './blanks';
import type { ExamView } from './diagram';
import { ASCENT, DESCENT, textWidth } from './metrics';
import { mathRuns, nameRuns, printed, runsWidth, type TextRun } from './runs';

/** Points to diagram units (CSS px): the TikZ export sets the same sizes in points. */
export const PX_PER_PT = 4 / 3;
/** Font sizes in points: labels, node symbols, parameter summaries, table cells. */
export const FONT_PT = { label: 9, symbol: 10, small: 7, cell: 8 } as const;
/** The label font size in diagram units. */
export const LABEL_PX = FONT_PT.label * PX_PER_PT;
const SYMBOL_PX = FONT_PT.symbol * PX_PER_PT;
const SMALL_PX = FONT_PT.small * PX_PER_PT;
/** The table font size in diagram units. */
export const CELL_PX = FONT_PT.cell * PX_PER_PT;

/** Space between a blank's box and the text in it, above and below. */
const BOX_PAD = 2.5;
/** A label's extent above and below its baseline, box included, so both views line up. */
export const LABEL_ASCENT = ASCENT * LABEL_PX + BOX_PAD;
export const LABEL_DESCENT = DESCENT * LABEL_PX + BOX_PAD;
const BLANK_MIN = 44;
const GATE = 30;
const INPUT_H = 24;
/** Room left and right of the labels on a node's outgoing run. */
export const TRUNK_PAD = 8;
/** The height of a table row. */
export const CELL_H = 15;
const CELL_MIN = 22;
/** Tensors up to this many elements and columns (in at most two non-trivial dimensions) are drawn as tables. */
const GRID_MAX = 36;
const GRID_COLS = 8;

/** A label measured but not yet placed. */
export interface LabelItem {
  readonly key: string;
  readonly role: 'forward' | 'backward' | 'params';
  readonly name: readonly TextRun[];
  readonly relation: '=' | '∈';
  /** The width of the name and the relation with a space either side. */
  readonly headWidth: number;
  /** Null when nothing was computed. */
  readonly answer: Answer | null;
  readonly blank: boolean;
}

/** A table measured but not yet placed. */
export interface GridItem {
  readonly of: 'value' | 'grad';
  readonly caption: readonly TextRun[];
  readonly rows: number;
  readonly cols: number;
  readonly cellWidth: number;
  readonly cells: readonly { readonly key: string; readonly answer: Answer | null; readonly blank: boolean }[];
}

/** A node measured but not yet placed. */
export interface NodeItem {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  /** Text inside the node, with baselines relative to its centre. */
  readonly texts: readonly { readonly runs: readonly TextRun[]; readonly size: number; readonly dy: number }[];
  readonly forward: LabelItem;
  readonly backward: LabelItem | null;
  readonly params: LabelItem | null;
  readonly grids: readonly GridItem[];
}

/** What the model keeps of an answer in this view: nothing of a blank on the student's sheet. */
export interface Shown {
  readonly text: string;
  readonly latex: string | null;
}

interface BlankSets {
  readonly value: Set<number>;
  readonly grad: Set<number>;
  /** "shape:id", "params:id", "cell:id:value:3" as written. */
  readonly named: Set<string>;
}

function blankSets(names: readonly string[]): BlankSets {
  const sets: BlankSets = { value: new Set(), grad: new Set(), named: new Set() };
  for (const name of names) {
    const b = parseBlank(name);
    if (b?.kind === 'value') sets.value.add(b.index);
    else if (b?.kind === 'grad') sets.grad.add(b.index);
    else if (b) sets.named.add(name);
  }
  return sets;
}

/** The op's text, or "?" for a parameter it cannot read, so one bad node does not stop the export. */
function safely(f: () => string | undefined): string | undefined {
  try {
    return f();
  } catch {
    return '?';
  }
}

/** The space and relation between a label's name and its answer, as the SVG prints them. */
export const relationText = (relation: '=' | '∈'): string => ` ${relation} `;

function label(key: string, role: LabelItem['role'], name: string, relation: '=' | '∈', answer: Answer | null, blank: boolean): LabelItem {
  const runs = nameRuns(name);
  return {
    key,
    role,
    name: runs,
    relation,
    headWidth: runsWidth(runs, LABEL_PX) + textWidth(relationText(relation), LABEL_PX),
    answer,
    blank,
  };
}

/** Rows and columns of a tensor small enough to print, leading 1s dropped; null otherwise. */
function gridShape(v: Value | undefined): [number, number] | null {
  if (v === undefined || typeof v === 'number' || v.data.length > GRID_MAX) return null;
  const dims = [...v.shape];
  while (dims.length > 2 && dims[0] === 1) dims.shift();
  if (dims.length === 0 || dims.length > 2 || dims[dims.length - 1] > GRID_COLS) return null;
  return dims.length === 1 ? [1, dims[0]] : [dims[0], dims[1]];
}

/** Initialisers whose numbers do not depend on a seed. */
const FIXED_INITS: ReadonlySet<string> = new Set(['zeros', 'constant']);

/**
 * Whether each value follows from numbers written in the document rather than from a seeded
 * random initialiser. Only those get a table unless a blank asks for one: an exam asks for the
 * output of I ⋆ K, not for the output of a randomly initialised layer.
 */
function givenValues(an: Analysis): boolean[] {
  const given: boolean[] = [];
  an.plan.nodes.forEach((nd, k) => {
    const v = nd.value;
    given[k] =
      an.plan.kinds[k] === SOURCE
        ? v !== undefined && (typeof v === 'number' || 'data' in v || FIXED_INITS.has(v.init))
        : Object.values(an.plan.implicit[k] ?? {}).every((p) => FIXED_INITS.has(p.init)) &&
          an.plan.inputs[k].every((s) => s < 0 || given[s]);
  });
  return given;
}

function grid(r: NodeResult, of: 'value' | 'grad', whole: boolean, named: Set<string>): GridItem | null {
  const v = of === 'value' ? r.value : r.grad;
  const dims = gridShape(v);
  if (!dims) return null;
  const cells = Array.from({ length: dims[0] * dims[1] }, (_, at) => {
    const key = `cell:${r.id}:${of}:${at}`;
    return { key, answer: cellAnswer(r, of, at), blank: whole || named.has(key) };
  });
  const widest = cells.reduce((m, c) => Math.max(m, textWidth(printed(c.answer?.text ?? ''), CELL_PX, c.blank)), -Infinity);
  const caption: TextRun[] = [...nameRuns(of === 'value' ? r.label : `b${r.index + 1}`), { text: ' =', italic: false, script: null }];
  return { of, caption, rows: dims[0], cols: dims[1], cellWidth: Math.max(CELL_MIN, widest + 8), cells };
}

function nodeShape(an: Analysis, r: NodeResult): Pick<NodeItem, 'width' | 'height' | 'radius' | 'texts'> {
  const k = r.index;
  if (an.plan.kinds[k] === SOURCE) {
    const runs = mathRuns(r.name);
    return {
      width: Math.max(INPUT_H, runsWidth(runs, SYMBOL_PX) + 14),
      height: INPUT_H,
      radius: 3,
      texts: [{ runs, size: SYMBOL_PX, dy: 0.36 * SYMBOL_PX }],
    };
  }
  const op = an.plan.ops[k];
  const p = an.plan.params[k];
  const symbol = mathRuns(safely(() => op.symbol(p)) ?? '?');
  const summary = safely(() => op.summary?.(p)) || '';
  const symbolWidth = runsWidth(symbol, SYMBOL_PX) + 14;
  // A call of a user-defined function is a box with the function's name, set apart from the round gates.
  if (op.kind === 'call')
    return {
      width: Math.max(GATE, symbolWidth + 4),
      height: GATE,
      radius: 6,
      texts: [{ runs: symbol, size: SYMBOL_PX, dy: 0.36 * SYMBOL_PX }],
    };
  if (!summary) {
    const width = Math.max(GATE, symbolWidth);
    return { width, height: GATE, radius: GATE / 2, texts: [{ runs: symbol, size: SYMBOL_PX, dy: 0.36 * SYMBOL_PX }] };
  }
  const small = mathRuns(summary);
  return {
    width: Math.max(GATE, symbolWidth, runsWidth(small, SMALL_PX) + 12),
    height: GATE + 10,
    radius: 8,
    texts: [
      { runs: symbol, size: SYMBOL_PX, dy: -1 },
      { runs: small, size: SMALL_PX, dy: 0.8 * SMALL_PX + 3 },
    ],
  };
}

/** Measures every node, its labels and its tables, in numbering order. */
export function buildItems(an: Analysis, blankNames: readonly string[], exact?: ExactAnswers): NodeItem[] {
  const blanks = blankSets(blankNames);
  const given = givenValues(an);
  const cellBlanked = (id: string, of: 'value' | 'grad') => [...blanks.named].some((n) => n.startsWith(`cell:${id}:${of}:`));
  return an.nodes.map((r) => {
    const k = r.index;
    const tensor = (r.shape?.length ?? 0) > 0;
    const forward = tensor
      ? label(`shape:${r.id}`, 'forward', r.label, '∈', r.shape ? shapeAnswer(r.shape) : null, blanks.named.has(`shape:${r.id}`))
      : label(`f${k + 1}`, 'forward', r.label, '=', valueAnswer(r.value, exact?.value[k]), blanks.value.has(k));
    const hasGrad = r.grad !== undefined || blanks.grad.has(k);
    const backward = !hasGrad
      ? null
      : tensor
        ? label(`b${k + 1}`, 'backward', `b${k + 1}`, '∈', r.shape ? shapeAnswer(r.shape) : null, false)
        : label(`b${k + 1}`, 'backward', `b${k + 1}`, '=', valueAnswer(r.grad, exact?.grad[k]), blanks.grad.has(k));
    const ownsParams = (r.cost?.params ?? 0) > 0 || blanks.named.has(`params:${r.id}`);
    const params = ownsParams
      ? label(`params:${r.id}`, 'params', 'params', '=', paramsAnswer(r), blanks.named.has(`params:${r.id}`))
      : null;
    const valueGrid =
      given[k] || blanks.value.has(k) || cellBlanked(r.id, 'value') ? grid(r, 'value', blanks.value.has(k), blanks.named) : null;
    const gradGrid = blanks.grad.has(k) || cellBlanked(r.id, 'grad') ? grid(r, 'grad', blanks.grad.has(k), blanks.named) : null;
    return { id: r.id, ...nodeShape(an, r), forward, backward, params, grids: [valueGrid, gradGrid].filter((g) => g !== null) };
  });
}

/** One width for every blank box, so a box's size does not hint at its answer. */
export function blankWidth(items: readonly NodeItem[]): number {
  const answers = items
    .flatMap((it) => [it.forward, it.backward, it.params])
    .filter((l) => l?.blank)
    .map((l) => l?.answer?.text ?? '');
  return Math.max(BLANK_MIN, ...answers.map((t) => textWidth(printed(t), LABEL_PX, true) + 12));
}

/** A label's width: its head, then the box or the answer (a dash when there is none). */
export const labelWidth = (l: LabelItem, box: number): number =>
  l.headWidth + (l.blank ? box : textWidth(printed(l.answer?.text ?? '—'), LABEL_PX));

/** A table's width, its caption left out. */
export const gridWidth = (g: GridItem): number => g.cols * g.cellWidth;
/** A table's caption ("f3 =") sits to its left. */
export const captionWidth = (g: GridItem): number => runsWidth(g.caption, CELL_PX) + 4;

/**
 * The straight run a node's outgoing edges share: long enough for its labels above and below it
 * and for its tables, which hang under it (edges bend away only after it, so none crosses them).
 */
export const trunkLength = (it: NodeItem, box: number): number =>
  Math.max(
    labelWidth(it.forward, box),
    it.backward ? labelWidth(it.backward, box) : 0,
    ...it.grids.map((g) => captionWidth(g) + gridWidth(g)),
  ) +
  2 * TRUNK_PAD;

/** What the view prints of an answer: a blank's answer only on the key. */
export function shown(l: { answer: Answer | null; blank: boolean }, view: ExamView): Shown | null {
  if (!l.answer || (l.blank && view === 'student')) return null;
  return { text: l.answer.text, latex: l.answer.latex };
}
