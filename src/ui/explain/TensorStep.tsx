import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Tensor } from '../../tensor/tensor';
import type { Session } from '../playback/session';
import { CellGrid } from '../plots/CellGrid';
import { planeOf, type Side } from '../plots/heatmap';
import { outputDims } from './conv-cells';
import { cellIn } from './store';
import { pickedPanel, windowStep, workOut, type Mark, type WindowStep } from './tensor-step';
import { editor, useEditorState } from '../editor';

function describe(ws: WindowStep): string {
  const { g } = ws;
  const [ho, wo] = outputDims(g);
  const k = `${g.win.kh}×${g.win.kw}`;
  const dilated = g.win.dh !== 1 || g.win.dw !== 1 ? ` Its taps are ${g.win.dh}×${g.win.dw} cells apart (dilation).` : '';
  if (ws.op === 'convTranspose2d') {
    return ws.mode === 'forward'
      ? `Each input cell lands on the output: its value times the ${k} kernel is added at stride ${g.win.sh}, overlapping copies summing.${dilated} Click an input cell to see where it lands.`
      : `Each input cell’s gradient is the ${k} kernel laid on dY where that cell landed: an ordinary convolution of dY. Click a dX cell; click the kernel for its dW.`;
  }
  if (ws.op === 'conv2d') {
    const per = (g.cin / g.groups) * g.win.kh * g.win.kw;
    const grouped = g.groups > 1 ? ` (${g.cin / g.groups} input channels each: ${g.groups} groups)` : '';
    return ws.mode === 'forward'
      ? `Each of the ${ho}×${wo} cells of each of the ${g.cout} output channels is a sum of ${per} products${grouped}: the ${k} kernel laid on one window of the input.${dilated} Click an output cell to see its sum.`
      : `Each input cell’s gradient collects W · dY from every output cell whose window covered it.${dilated} Click an input cell to see which dY cells and weights feed it; click the kernel for its dW.`;
  }
  const max = ws.op === 'maxPool2d';
  return ws.mode === 'forward'
    ? `Each output cell is the ${max ? 'largest value' : 'mean'} of its window.${dilated} Click an output cell to see its window.`
    : `Each output gradient ${max ? 'goes only to the max of its window' : 'is split equally over its window'}. Click an output-gradient cell.`;
}

interface Panel {
  readonly name: string;
  readonly caption: string;
  readonly tensor: Tensor;
  readonly side: Side;
  readonly marks: ReadonlyMap<number, Mark>;
  readonly pickable: boolean;
}

/** The pictures of a window step, in reading order, and which of them picks the cell (the kernel picks dW's). */
function panels(ws: WindowStep, worked: ReturnType<typeof workOut>): Panel[] {
  const conv = ws.op === 'conv2d' || ws.op === 'convTranspose2d';
  const pick = pickedPanel(ws);
  const w =
    conv && ws.weight
      ? [
          {
            name: 'W',
            caption: 'W (the kernel)',
            tensor: ws.weight,
            side: 'value' as const,
            marks: worked.weight,
            pickable: ws.mode === 'backward',
          },
        ]
      : [];
  if (ws.mode === 'forward') {
    return [
      { name: 'X', caption: 'X (input)', tensor: ws.x, side: 'value', marks: worked.x, pickable: pick === 'X' },
      ...w,
      { name: 'Y', caption: 'Y (output)', tensor: ws.y, side: 'value', marks: worked.y, pickable: pick === 'Y' },
    ];
  }
  const dy = ws.dy
    ? [
        {
          name: 'dY',
          caption: 'dY (gradient at the output)',
          tensor: ws.dy,
          side: 'grad' as const,
          marks: worked.y,
          pickable: pick === 'dY',
        },
      ]
    : [];
  const dx = ws.dx
    ? [
        {
          name: 'dX',
          caption: 'dX (gradient at the input)',
          tensor: ws.dx,
          side: 'grad' as const,
          marks: worked.x,
          pickable: pick === 'dX',
        },
      ]
    : [];
  return [...dy, ...w, ...dx];
}

/**
 * The worked cell of a convolution or pooling step: heatmap grids of input, kernel and output
 * (or their gradients), the picked cell's window outlined, and its sum written out.
 */
export function TensorStep({ session, index }: { session: Session; index: number }) {
  const ws = useMemo(() => windowStep(session, index), [session, index]);
  const key = ws ? `${session.plan.ids[ws.node]}:${ws.mode}` : '';
  const picked = useEditorState((s) => cellIn(s.explain.cell, key, 0));
  const pickedWeight = useEditorState((s) => (s.explain.cell?.key === `${key}:W` ? s.explain.cell.index : null));
  const worked = useMemo(() => ws && workOut(ws, { cell: picked, weight: pickedWeight }), [ws, picked, pickedWeight]);
  const sum = useRef<HTMLDivElement>(null);
  const mounted = useRef(false);
  // The sum stays at the panel's foot (explain.css); a cell the user picks low in a grid is scrolled up out from under it.
  useLayoutEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    const box = sum.current;
    const cell = box?.parentElement?.querySelector('.cell-grid__cell--picked');
    if (!box || !cell) return;
    const under = cell.getBoundingClientRect().bottom - box.getBoundingClientRect().top;
    if (under > 0) box.closest('.explain__body')?.scrollBy({ top: under + 4 });
  }, [picked, pickedWeight]);
  if (!ws || !worked) return null;
  const more = ws.g.cin > 1 || ws.g.cout > 1 || (ws.x.shape.length === 4 && ws.x.shape[0] > 1);
  return (
    <section className="tensor-step" aria-label="Worked cell">
      <p className="tensor-step__about">
        {describe(ws)}
        {more && <span className="muted"> The pictures show the first image and channel; the sums run over every channel.</span>}
      </p>
      <div className="tensor-step__grids">
        {panels(ws, worked).map((p) => (
          <CellGrid
            key={p.name}
            name={p.name}
            caption={p.caption}
            plane={planeOf(p.tensor.shape, p.tensor.data)}
            side={p.side}
            marks={p.marks}
            onPick={p.pickable ? (i) => editor.explain.pickCell(p.name === 'W' ? `${key}:W` : key, i) : undefined}
          />
        ))}
      </div>
      <div className="tensor-step__worked" data-testid="worked-cell" ref={sum}>
        {worked.lines.map((l) => (
          <code key={l}>{l}</code>
        ))}
      </div>
    </section>
  );
}
