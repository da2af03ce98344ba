import type { Analysis } from '../graph/analyze';
import { xmlText } from '../escape/xml';
import {
  layoutDiagram,
  type Diagram,
  type DiagramEdge,
  type DiagramGrid,
  type DiagramLabel,
  type DiagramOptions,
  type Rect,
  type TextItem,
} from './diagram';
import { LABEL_PX, relationText } from './items';
import { printed, SCRIPT_SCALE, type TextRun } from './runs';

/** Latin Modern matches the TikZ export; Times and the generic serif are the fallbacks. */
const FONT_FAMILY = "'Latin Modern Roman', 'Times New Roman', serif";

/** Gradients print in a dark grey: distinct on screen, still crisp on a greyscale printer. */
const GRAD_INK = '#333';

/** Coordinates to two decimals: enough for print, short enough to read. */
const n = (x: number): string => String(Math.round(x * 100) / 100);

/** How far a script moves off the baseline, in em of the surrounding text. */
const SHIFT = { sup: -0.38, sub: 0.22 } as const;

/** Runs as tspans: italics for variables, scripts moved off the baseline and smaller, then moved back. */
function runsSvg(runs: readonly TextRun[], size: number): string {
  let offset = 0;
  return runs
    .map((r) => {
      const attrs: string[] = [];
      if (r.italic) attrs.push('font-style="italic"');
      const target = r.script ? SHIFT[r.script] * size : 0;
      if (target !== offset) {
        attrs.push(`dy="${n(target - offset)}"`);
        offset = target;
      }
      if (r.script) attrs.push(`font-size="${n(size * SCRIPT_SCALE)}"`);
      const body = xmlText(r.text);
      return attrs.length ? `<tspan ${attrs.join(' ')}>${body}</tspan>` : body;
    })
    .join('');
}

function textSvg(t: TextItem, extra = ''): string {
  const anchor = t.anchor === 'start' ? '' : ` text-anchor="${t.anchor}"`;
  return `<text x="${n(t.x)}" y="${n(t.baseline)}" font-size="${n(t.size)}"${anchor}${extra}>${runsSvg(t.runs, t.size)}</text>`;
}

const rectSvg = (r: Rect, attrs: string): string =>
  `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${n(r.height)}" ${attrs}/>`;

function edgeSvg(e: DiagramEdge): string {
  const c = e.curve;
  const d = `M${n(e.start.x)},${n(e.start.y)} L${n(e.run.x)},${n(e.run.y)}${c ? ` C${n(c.c1.x)},${n(c.c1.y)} ${n(c.c2.x)},${n(c.c2.y)} ${n(c.end.x)},${n(c.end.y)}` : ''}`;
  const [tip, a, b] = e.arrow;
  return `<path d="${d}"/><path d="M${n(tip.x)},${n(tip.y)} L${n(a.x)},${n(a.y)} L${n(b.x)},${n(b.y)} Z" fill="#000" stroke="none"/>`;
}

/** One <text> per label; a blank adds its box, and on the key its answer in bold inside it. */
function labelSvg(l: DiagramLabel): string {
  const ink = l.role === 'backward' ? ` fill="${GRAD_INK}"` : '';
  const attrs = ` data-key="${xmlText(l.key)}"${ink}`;
  const head = runsSvg(l.name, LABEL_PX) + xmlText(relationText(l.relation));
  const at = `x="${n(l.x)}" y="${n(l.baseline)}" font-size="${n(LABEL_PX)}"`;
  if (!l.box) return `<text ${at}${attrs}>${head}${xmlText(printed(l.answer?.text ?? '—'))}</text>`;
  const box = rectSvg(l.box, 'fill="none" stroke="#000" stroke-width="0.8"');
  const answer = l.answer
    ? `<tspan x="${n(l.box.x + l.box.width / 2)}" text-anchor="middle" font-weight="bold">${xmlText(printed(l.answer.text))}</tspan>`
    : '';
  return `${box}<text ${at}${attrs}>${head}${answer}</text>`;
}

function gridSvg(g: DiagramGrid): string {
  const cells = g.cells.map((c) => {
    const rect = rectSvg(c.rect, 'fill="none" stroke="#000" stroke-width="0.6"');
    if (c.text === null) return rect;
    const weight = c.blank ? ' font-weight="bold"' : '';
    const x = c.rect.x + c.rect.width / 2;
    const y = c.rect.y + c.rect.height / 2 + 0.36 * g.caption.size;
    return `${rect}<text x="${n(x)}" y="${n(y)}" font-size="${n(g.caption.size)}" text-anchor="middle" data-key="${xmlText(c.key)}"${weight}>${xmlText(printed(c.text))}</text>`;
  });
  const ink = g.of === 'grad' ? ` fill="${GRAD_INK}"` : '';
  return [textSvg(g.caption, ink), ...cells, rectSvg(g.rect, 'fill="none" stroke="#000" stroke-width="1"')].join('');
}

/**
 * The diagram as a standalone SVG document for print: white background, black strokes, serif
 * text as <text> elements, a viewBox fitted to the content and its size in CSS pixels
 * (0.75 pt each, so 9 pt labels print at 9 pt at 100%).
 */
export function diagramSvg(d: Diagram): string {
  const b = d.bounds;
  const title = `${d.title} (${d.view === 'student' ? 'student sheet' : 'answer key'})`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(b.width)}" height="${n(b.height)}" viewBox="${n(b.x)} ${n(b.y)} ${n(b.width)} ${n(b.height)}" font-family="${xmlText(FONT_FAMILY)}" role="img">`,
    `<title>${xmlText(title)}</title>`,
    rectSvg(b, 'fill="#fff"'),
    `<g fill="none" stroke="#000" stroke-width="1">${d.edges.map(edgeSvg).join('')}</g>`,
    `<g>${d.nodes.map((nd) => `${rectSvg(nd.rect, `rx="${n(nd.radius)}" fill="#fff" stroke="#000" stroke-width="1.2"`)}${nd.texts.map((t) => textSvg(t)).join('')}`).join('')}</g>`,
    `<g>${d.labels.map(labelSvg).join('')}</g>`,
    `<g>${d.grids.map(gridSvg).join('')}</g>`,
    `<g>${d.constants.map((t) => textSvg(t, ' data-key="constant"')).join('')}</g>`,
    '</svg>',
    '',
  ].join('\n');
}

/** The exam figure of an analysed graph as SVG text: the student's sheet or the answer key. */
export const examSvg = (an: Analysis, opts: DiagramOptions): string => diagramSvg(layoutDiagram(an, opts));
