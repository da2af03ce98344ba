/**
 * jsdom lays nothing out: test-setup gives every element 100 × 40 pixels, so React Flow would
 * draw only what fits in a 100-pixel canvas. This makes the canvas 3000 pixels square, so every
 * node and edge label of a small example is drawn.
 */
export function bigCanvas(): void {
  const size = (side: 'width' | 'height', fallback: number) => ({
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('react-flow__renderer') ? 3000 : parseFloat(this.style[side]) || fallback;
    },
  });
  Object.defineProperties(HTMLElement.prototype, { offsetWidth: size('width', 100), offsetHeight: size('height', 40) });
}

/** Makes window.matchMedia report prefers-reduced-motion: steps then run without pulses. */
export function reduceMotion(on: boolean): void {
  window.matchMedia = (query: string) =>
    ({
      matches: on && query.includes('prefers-reduced-motion'),
      media: query,
      addEventListener() {},
      removeEventListener() {},
    }) as unknown as MediaQueryList;
}

/** jsdom has no 2-D canvas: heatmaps then draw nothing, quietly. */
export function noCanvas(): void {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
}

/**
 * Playback runs on d3's timers, and KaTeX and mathjs arrive by dynamic import: React state
 * changes from outside any act(). Tests of it wait for what they expect with waitFor and findBy,
 * so React is told not to expect act() around every update (the flag testing-library sets).
 */
export function updatesFromTimers(): void {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
}
