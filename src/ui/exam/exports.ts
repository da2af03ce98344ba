import { answerKeyMarkdown, standaloneTikz, type Diagram, type ExactAnswers } from '../../exam';
import type { Analysis } from '../../graph/analyze';
import { editor } from '../editor';

/** A file name from the document's title: "p1-backprop-on-f-z-2-x-y-student.svg". */
export function fileStem(title: string | undefined): string {
  return (
    (title ?? 'graph')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'graph'
  );
}

/** Hands a file to the browser's downloads. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  editor.notify(`Saved ${name}.`);
}

/** The exam figure exactly as printed, as a data: URL an <img> can show (scripts never run in one). */
export const svgDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** PNG exports are drawn at three times the print size: sharp on slides and in handouts. */
export const PNG_SCALE = 3;

/** Draws the SVG onto a white canvas at PNG_SCALE and encodes it. */
export async function svgToPng(svg: string, width: number, height: number, scale = PNG_SCALE): Promise<Blob> {
  const img = new Image();
  img.src = svgDataUrl(svg);
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
  );
}

/** What the exports need: the analysed graph, its laid-out figure and the exact forms if loaded. */
export interface ExamFigure {
  readonly analysis: Analysis;
  readonly diagram: Diagram;
  readonly svg: string;
  readonly answers: ExactAnswers | undefined;
}

const suffix = (d: Diagram): string => (d.view === 'student' ? 'student' : 'answers');

export const downloadSvg = (f: ExamFigure): void =>
  saveBlob(new Blob([f.svg], { type: 'image/svg+xml' }), `${fileStem(f.analysis.doc.title)}-${suffix(f.diagram)}.svg`);

export async function downloadPng(f: ExamFigure): Promise<void> {
  try {
    const png = await svgToPng(f.svg, f.diagram.bounds.width, f.diagram.bounds.height);
    saveBlob(png, `${fileStem(f.analysis.doc.title)}-${suffix(f.diagram)}.png`);
  } catch (e) {
    editor.notify(`Could not make the PNG: ${(e as Error).message}`, 'error');
  }
}

export const downloadTikz = (f: ExamFigure): void =>
  saveBlob(
    new Blob([standaloneTikz(f.diagram)], { type: 'application/x-tex' }),
    `${fileStem(f.analysis.doc.title)}-${suffix(f.diagram)}.tex`,
  );

export const downloadAnswerKey = (f: ExamFigure): void =>
  saveBlob(
    new Blob([answerKeyMarkdown(f.analysis, { answers: f.answers })], { type: 'text/markdown' }),
    `${fileStem(f.analysis.doc.title)}-answer-key.md`,
  );
