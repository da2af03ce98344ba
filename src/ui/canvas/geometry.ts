/** A point of the canvas on screen, as fractions of its width and height (the window's if it is not mounted). */
export function canvasScreenPoint(fx: number, fy: number): { x: number; y: number } {
  const rect = document.querySelector('.canvas')?.getBoundingClientRect();
  return rect
    ? { x: rect.left + rect.width * fx, y: rect.top + rect.height * fy }
    : { x: window.innerWidth * fx, y: window.innerHeight * fy };
}

/** The part of the canvas on screen, in canvas coordinates (toFlow is React Flow's screenToFlowPosition). */
export function visibleFlowRect(toFlow: (p: { x: number; y: number }) => { x: number; y: number }) {
  const [a, b] = [toFlow(canvasScreenPoint(0, 0)), toFlow(canvasScreenPoint(1, 1))];
  return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
}
