// @vitest-environment jsdom
import '../test-setup';
import { render, screen } from '@testing-library/react';
import { HeatScale, scaleEnds } from './HeatScale';
import { colourAt } from './heatmap';

describe('heatmap colour scale', () => {
  it('values run from their min to their max; gradients from −m to m, m the largest magnitude', () => {
    expect(scaleEnds('value', [-1, 3])).toEqual([-1, 3]);
    expect(scaleEnds('grad', [-1, 3])).toEqual([-3, 3]);
    expect(scaleEnds('grad', [-5, 2])).toEqual([-5, 5]);
  });

  it('shows the numbers at both ends and the ramp between them, from the heatmap’s own colours', () => {
    render(<HeatScale side="grad" extent={[-0.5, 2]} />);
    const scale = screen.getByRole('img', { name: 'Colour scale from −2 to 2' });
    expect(scale).toHaveTextContent('−22');
    // The ramp's ends are the colours the cells at −2 and 2 get: its first and last stops.
    const style = (scale.querySelector('.heat-scale__bar') as HTMLElement).getAttribute('style') ?? '';
    const numbers = (c: string) => (c.match(/\d+/g) ?? []).join(',');
    const stops = [...style.matchAll(/rgb\(([^)]*)\)/g)].map((m) => numbers(m[1]));
    expect(stops[0]).toBe(numbers(colourAt('grad', 0).bg));
    expect(stops[stops.length - 1]).toBe(numbers(colourAt('grad', 1).bg));
  });
});
