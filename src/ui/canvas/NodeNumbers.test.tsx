// @vitest-environment jsdom
import '../test-setup';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, screen, within } from '@testing-library/react';
import { parseDocument } from '../../graph/load';
import { editor } from '../editor';
import { colourAt } from '../plots/heatmap';
import { renderEditor } from '../test-utils';
import { NodeHeatmaps } from './NodeHeatmaps';

/** WCAG 2 contrast of two colours written rgb(r g b) or #rgb / #rrggbb, from the standard's formulas. */
function contrast(a: string, b: string): number {
  const channels = (c: string) => {
    if (c.startsWith('rgb')) return (c.match(/\d+/g) ?? []).map(Number);
    const hex = c.length === 4 ? [...c.slice(1)].map((d) => d + d) : [c.slice(1, 3), c.slice(3, 5), c.slice(5, 7)];
    return hex.map((h) => parseInt(h, 16));
  };
  const lum = (c: string) => {
    const [r, g, bl] = channels(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

describe('numbers on a node’s small heatmaps', () => {
  afterEach(() => act(() => editor.reset()));

  it('text on every colour of both ramps has a WCAG contrast of at least 4.5:1', () => {
    let worst = Infinity;
    for (const side of ['value', 'grad'] as const)
      for (let i = 0; i <= 255; i++) {
        const { bg, fg } = colourAt(side, i / 255);
        worst = Math.min(worst, contrast(bg, fg));
      }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });

  it('P4’s 3 × 2 convolution output has its six numbers (the exam’s answers) on their colours in its loupe', () => {
    const parsed = parseDocument(readFileSync(resolve('public/examples/p4-conv-by-hand.json'), 'utf8'));
    if (!parsed.ok) throw new Error('P4 should load');
    editor.reset(parsed.doc);
    renderEditor(<NodeHeatmaps id="O" />);
    const value = screen.getByRole('button', { name: 'Heatmap of value f3, colours from 1.5 to 6' });
    const cells = value.querySelectorAll<HTMLElement>('.node-numbers__cell');
    expect([...cells].map((c) => c.textContent)).toEqual(['1.5', '2.5', '6', '5', '4.5', '3.5']);
    // The smallest is the ramp's first colour and the largest its last; every number reads on its cell.
    const digits = (c: string) => (c.match(/\d+/g) ?? []).join(' ');
    expect(digits(cells[0].style.background)).toBe(digits(colourAt('value', 0).bg));
    expect(digits(cells[2].style.background)).toBe(digits(colourAt('value', 1).bg));
    for (const c of cells) expect(contrast(c.style.background, c.style.color)).toBeGreaterThanOrEqual(4.5);
    // The heatmap stays the node's face; the numbers are its loupe, hidden from screen readers, which read the range.
    expect(value.querySelector('.node-map__loupe')).toHaveAttribute('aria-hidden', 'true');
    expect(within(value).getByRole('img')).toBeInTheDocument();
  });
});
