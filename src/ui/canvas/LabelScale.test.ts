import { describe, expect, it } from 'vitest';
import { LABEL_SCREEN_PX, labelScale } from './LabelScale';

describe('labelScale', () => {
  it('is 1 at 100% and above: the font is already 12 px on screen', () => {
    expect(labelScale(1)).toBe(1);
    expect(labelScale(1.25)).toBe(1);
  });

  it('keeps the text at least 12 px on screen when zoomed out, to within a twentieth', () => {
    for (const zoom of [0.5, 0.55, 0.63, 0.8, 0.91, 0.999]) {
      const onScreen = LABEL_SCREEN_PX * labelScale(zoom) * zoom;
      expect(onScreen).toBeGreaterThanOrEqual(LABEL_SCREEN_PX);
      expect(onScreen).toBeLessThan(LABEL_SCREEN_PX * (1 + 0.05 / zoom) + 1e-9);
    }
    expect(labelScale(0.5)).toBe(2);
  });
});
