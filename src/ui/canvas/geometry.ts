/** A point of the canvas on screen, as fractions of its width and height (the window's if it is not mounted). */
export function canvasScreenPoint(fx: number, fy: number): { x: number; y: number } {
  const rect = document.querySelector('.canvas')?.getBoundingClientRect();
  return rect
    ? { x: rect.left + rect.width * fx, y: rect.top + rect.height * fy }
    : { x: window.innerWidth * fx, y: window.innerHeight * fy };
}
