import { useReactFlow, type ReactFlowInstance } from '@xyflow/react';
import { useEffect } from 'react';
import { editor } from '../editor';
import { prefersReducedMotion } from '../playback/controller';
import { panToShow, type Box } from './keep-in-view';

/** What is drawn over the canvas: React Flow's panels (formula box, zoom buttons, minimap) and the panel toggles. */
const OVERLAYS = '.canvas .react-flow__panel, .node-list-toggle, .node-list, .forward-toggle, .forward-panel';
/** Entering playback fits the graph to the shorter canvas (PlaybackFit, 200 ms): look after it has. */
const AFTER_FIT_MS = 450;

const boxOf = (el: Element): Box => el.getBoundingClientRect();

function union(a: Box, b: Box): Box {
  return {
    left: Math.min(a.left, b.left),
    top: Math.min(a.top, b.top),
    right: Math.max(a.right, b.right),
    bottom: Math.max(a.bottom, b.bottom),
  };
}

/**
 * Pans, keeping the zoom, until the node of the current step, its badge and the edge labels the
 * step computes are in view and under no overlay (on a phone the canvas is short, and a label
 * half-way along an edge fell under the formula box or off the canvas while its node was in view).
 */
function reveal(flow: ReactFlowInstance): void {
  const node = document.querySelector('.op-node--current')?.closest('.react-flow__node');
  const frame = document.querySelector('.canvas .react-flow');
  if (!node || !frame) return;
  const parts = [node.querySelector('.op-node__step'), ...document.querySelectorAll('.edge-anchor--current > .edge-label')];
  const target = parts.reduce<Box>((box, el) => (el ? union(box, boxOf(el)) : box), boxOf(node));
  const overlays = [...document.querySelectorAll(OVERLAYS)].filter((o) => o.getClientRects().length > 0).map(boxOf);
  const [dx, dy] = panToShow(target, boxOf(frame), overlays);
  if (dx === 0 && dy === 0) return;
  const v = flow.getViewport();
  void flow.setViewport({ x: v.x + dx, y: v.y + dy, zoom: v.zoom }, { duration: prefersReducedMotion() ? 0 : 200 });
}

/**
 * Keeps the step being played in sight: at each step, if its node, its "◀ backward: b1" badge or
 * the labels it computes are off the canvas or under the formula box or a button, the view pans
 * just enough to show them.
 */
export function StepInView() {
  const flow = useReactFlow();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = editor.subscribe(({ playback: s }, { playback: prev }) => {
      if (!s.active || (s.step === prev.step && prev.active)) return;
      clearTimeout(timer);
      timer = setTimeout(() => requestAnimationFrame(() => reveal(flow)), prev.active ? 0 : AFTER_FIT_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [flow]);
  return null;
}
