import type { Analysis } from '../graph/analyze';
import {
  layoutDiagram,
  type Diagram,
  type DiagramEdge,
  type DiagramGrid,
  type DiagramLabel,
  type DiagramOptions,
  type Point,
  type Rect,
  type TextItem,
} from './diagram';
import { FONT_PT, PX_PER_PT } from './items';
import { latexComment, latexMath } from '../escape/latex';
import { runsLatex } from './latex';
import { mathRuns } from './runs';

/** How the picture fits the page. */
export interface TikzOptions {
  /**
   * `linewidth` (the default): a picture wider than the line it is pasted into (`\linewidth`, so a
   * column or a minipage too) is scaled down to it, text and all; a narrower one keeps its size.
   * `natural`: the picture at the layout's own size, whatever the page.
   */
  readonly fit?: 'linewidth' | 'natural';
  /** The widest the picture may be drawn, in cm, before any fitting; a wider one is scaled down, text and all. */
  readonly maxWidthCm?: number;
}

/** One diagram unit is 0.75 pt, so the fonts set in points match the layout's measurements. */
const CM_PER_UNIT = ((1 / PX_PER_PT) * 2.54) / 72.27;
const INK = { label: 'black', grad: 'black!80' } as const;

/** Numbers in a TikZ path: three decimals of a centimetre, trailing zeros dropped. */
const cm = (x: number): string => String(Math.round(x * 1000) / 1000);

interface Frame {
  readonly at: (p: Point) => string;
  /** A length in diagram units to centimetres. */
  readonly len: (d: number) => number;
  /** Node options that scale text with the picture. */
  readonly scale: string;
}

/** Diagram units to centimetres, the y axis flipped (TikZ's grows upwards), the origin at the top left. */
function frame(d: Diagram, maxWidthCm = Infinity): Frame {
  const k = Math.min(1, maxWidthCm / (d.bounds.width * CM_PER_UNIT));
  const len = (v: number) => v * CM_PER_UNIT * k;
  return {
    at: (p) => `(${cm(len(p.x - d.bounds.x))},${cm(-len(p.y - d.bounds.y))})`,
    len,
    scale: k < 1 ? `, scale=${cm(k)}` : '',
  };
}

const font = (pt: number): string => `font=\\fontsize{${pt}}{${Math.round(pt * 1.2)}}\\selectfont`;
const ANCHOR = { start: 'base west', middle: 'base', end: 'base east' } as const;

function textNode(f: Frame, t: TextItem, extra = ''): string {
  const pt = Math.round((t.size / PX_PER_PT) * 10) / 10;
  return `\\node[anchor=${ANCHOR[t.anchor]}, inner sep=0pt, ${font(pt)}${f.scale}${extra}] at ${f.at({ x: t.x, y: t.baseline })} {$${runsLatex(t.runs)}$};`;
}

function rectangle(f: Frame, r: Rect): string {
  return `${f.at(r)} rectangle ${f.at({ x: r.x + r.width, y: r.y + r.height })}`;
}

/** A rounded rectangle drawn with explicit arcs, so a pill whose radius is half its height stays exact. */
function roundedRect(f: Frame, r: Rect, radius: number): string {
  const p = (x: number, y: number) => f.at({ x, y });
  const arc = (from: number) => `arc[start angle=${from}, end angle=${from - 90}, radius=${cm(f.len(radius))}]`;
  const [x0, x1, y0, y1] = [r.x, r.x + r.width, r.y, r.y + r.height];
  return `${p(x0 + radius, y0)} -- ${p(x1 - radius, y0)} ${arc(90)} -- ${p(x1, y1 - radius)} ${arc(0)} -- ${p(x0 + radius, y1)} ${arc(-90)} -- ${p(x0, y0 + radius)} ${arc(180)} -- cycle`;
}

function edgeTikz(f: Frame, e: DiagramEdge): string {
  const c = e.curve;
  const path = `${f.at(e.start)} -- ${f.at(e.run)}${c ? ` .. controls ${f.at(c.c1)} and ${f.at(c.c2)} .. ${f.at(c.end)}` : ''}`;
  return `\\draw ${path};\n\\fill ${e.arrow.map((p) => f.at(p)).join(' -- ')} -- cycle;`;
}

const answerLatex = (a: { text: string; latex: string | null }): string => a.latex ?? runsLatex(mathRuns(a.text));

function labelTikz(f: Frame, l: DiagramLabel): string {
  const ink = `, text=${l.role === 'backward' ? INK.grad : INK.label}`;
  const at = f.at({ x: l.x, y: l.baseline });
  const head = `${runsLatex(l.name)} ${l.relation === '=' ? '=' : '\\in'}`;
  const node = (where: string, anchor: string, math: string) =>
    `\\node[anchor=${anchor}, inner sep=0pt, ${font(FONT_PT.label)}${f.scale}${ink}] at ${where} {$${math}$};`;
  if (!l.box) return node(at, 'base west', `${head} ${l.answer ? answerLatex(l.answer) : '\\mbox{---}'}`);
  const lines = [`\\draw[line width=0.5pt] ${rectangle(f, l.box)};`, node(at, 'base west', head)];
  if (l.answer) lines.push(node(f.at({ x: l.box.x + l.box.width / 2, y: l.baseline }), 'base', `\\mathbf{${answerLatex(l.answer)}}`));
  return lines.join('\n');
}

function gridTikz(f: Frame, g: DiagramGrid): string {
  const lines = [textNode(f, g.caption, g.of === 'grad' ? `, text=${INK.grad}` : '')];
  for (const c of g.cells) {
    lines.push(`\\draw[line width=0.4pt] ${rectangle(f, c.rect)};`);
    if (c.text === null) continue;
    const text = latexMath(c.text);
    const at = f.at({ x: c.rect.x + c.rect.width / 2, y: c.rect.y + c.rect.height / 2 + 0.36 * g.caption.size });
    lines.push(`\\node[anchor=base, inner sep=0pt, ${font(FONT_PT.cell)}${f.scale}] at ${at} {$${c.blank ? `\\mathbf{${text}}` : text}$};`);
  }
  lines.push(`\\draw[line width=0.6pt] ${rectangle(f, g.rect)};`);
  return lines.join('\n');
}

/**
 * The box a picture is set in to be measured against the line: allocated once per document, so
 * several pasted pictures share it. graphicx, which `\resizebox` needs, comes with tikz.
 */
const FIT_BOX = '\\backpropstudiofit';
const FIT_OPEN = [`\\ifdefined${FIT_BOX}\\else\\newsavebox{${FIT_BOX}}\\fi`, `\\sbox{${FIT_BOX}}{%`];
const FIT_CLOSE = [
  '}%',
  `\\ifdim\\wd${FIT_BOX}>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox{${FIT_BOX}}}\\else\\usebox{${FIT_BOX}}\\fi`,
];

/**
 * The diagram as a tikzpicture that compiles with nothing but `\usepackage{tikz}`: shapes and
 * blank boxes drawn at the layout's coordinates (in cm, y flipped), text in the layout's point
 * sizes, every user label escaped; by default fitted to the line it is pasted into.
 */
function diagramTikz(d: Diagram, opts: TikzOptions = {}): string {
  const f = frame(d, opts.maxWidthCm);
  const fit = opts.fit !== 'natural';
  return [
    latexComment(`${d.title} (${d.view === 'student' ? 'student sheet' : 'answer key'}), drawn by Backprop Studio`),
    ...(fit ? FIT_OPEN : []),
    '\\begin{tikzpicture}[line width=0.6pt, line cap=round, line join=round]',
    ...d.edges.map((e) => edgeTikz(f, e)),
    ...d.nodes.flatMap((nd) => [
      `\\filldraw[fill=white, line width=0.9pt] ${roundedRect(f, nd.rect, nd.radius)};`,
      ...nd.texts.map((t) => textNode(f, t)),
    ]),
    ...d.labels.map((l) => labelTikz(f, l)),
    ...d.grids.map((g) => gridTikz(f, g)),
    ...d.constants.map((t) => textNode(f, t)),
    fit ? '\\end{tikzpicture}%' : '\\end{tikzpicture}',
    ...(fit ? FIT_CLOSE : []),
  ].join('\n');
}

/**
 * A complete LaTeX document around the picture (article and tikz only, so texlive-latex-base
 * and texlive-pictures build it). At its natural size, a picture wider than the text block
 * overhangs both margins evenly instead of running off the right edge.
 */
export function standaloneTikz(d: Diagram, opts: TikzOptions = {}): string {
  return [
    '\\documentclass{article}',
    '\\usepackage{tikz}',
    '\\pagestyle{empty}',
    '\\begin{document}',
    '\\noindent\\makebox[\\textwidth][c]{%',
    diagramTikz(d, opts),
    '}',
    '\\end{document}',
    '',
  ].join('\n');
}

/** The exam figure of an analysed graph as a tikzpicture, or as a whole document with `standalone`. */
export function examTikz(an: Analysis, opts: DiagramOptions & TikzOptions & { readonly standalone?: boolean }): string {
  const d = layoutDiagram(an, opts);
  return opts.standalone ? standaloneTikz(d, opts) : `${diagramTikz(d, opts)}\n`;
}
