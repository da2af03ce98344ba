import { describe, expect, it } from 'vitest';
import { panToShow } from './keep-in-view';

const box = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });
const FRAME = box(0, 0, 800, 600);
// The formula box: a band across the top middle of the canvas.
const FORMULA = box(200, 0, 600, 60);

describe('panToShow', () => {
  it('leaves a target that is in view and clear of overlays where it is', () => {
    expect(panToShow(box(300, 200, 400, 260), FRAME, [FORMULA])).toEqual([0, 0]);
  });

  it('moves a target under the formula box down until it clears it by the margin', () => {
    // P1 step 14: the badge at the top left, under the box. Clear of it means top = 60 + 12.
    expect(panToShow(box(250, 20, 350, 90), FRAME, [FORMULA])).toEqual([0, 52]);
  });

  it('ignores an overlay in other columns: a target beside the formula box stays', () => {
    expect(panToShow(box(650, 20, 750, 90), FRAME, [FORMULA])).toEqual([0, 0]);
  });

  it('brings a target off the left and bottom edges back inside', () => {
    expect(panToShow(box(-50, 580, 50, 640), FRAME, [])).toEqual([62, -52]);
  });

  it('keeps a target clear of an overlay at the bottom (the zoom buttons) by moving it up', () => {
    // Its bottom goes to the buttons' top (520) less the margin: 508.
    expect(panToShow(box(10, 500, 110, 560), FRAME, [box(0, 520, 40, 600)])).toEqual([2, -52]);
  });

  it('a target taller than the room keeps its top in view', () => {
    expect(panToShow(box(100, -300, 200, 900), FRAME, [])).toEqual([0, 312]);
  });
});
