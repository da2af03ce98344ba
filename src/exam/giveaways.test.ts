import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graph, inp } from '../../tests/doc-builder';
import { analyze } from '../graph/analyze';
import { parseDocument } from '../graph/load';
import { fairBlanks, giveaways, giveawayText } from './giveaways';
import { examSvg } from './svg';

/** P1 of seed exam 000: b1..b7 = −6 ln 2, 6 ln 2, 2, −6 ln 2, −6 ln 2, −3, 1; f4..f7 = −1, 1, 2, −6. */
function p1() {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return analyze(r.doc);
}

const texts = (an: ReturnType<typeof p1>, blanks: string[]) => giveaways(an, blanks).map(giveawayText);

describe('numbers that give a blank away (P1)', () => {
  const an = p1();

  it('finds b4 and b5, equal to b1, when b1..b3 are blanked (the variants report of issue 14)', () => {
    expect(texts(an, ['b1', 'b2', 'b3'])).toEqual(['b4 (= b1)', 'b5 (= b1)']);
  });

  it('names the negative: b2 blanked alone gives b1, b4 and b5 as −b2', () => {
    expect(texts(an, ['b2'])).toEqual(['b1 (= −b2)', 'b4 (= −b2)', 'b5 (= −b2)']);
  });

  it('matches values with values and gradients with gradients: f6 = 2 stays printed beside the blank b3 = 2', () => {
    expect(texts(an, ['b3'])).toEqual([]);
    expect(texts(an, ['f6'])).toEqual([]);
  });

  it('never hides an input, which is the question’s data, nor the output’s gradient 1', () => {
    // f5 = 1 equals the input y = 1 and the output's b7 = 1, which stay; f4 = −1 is its negative.
    expect(texts(an, ['f5'])).toEqual(['f4 (= −f5)']);
    expect(texts(an, ['f4'])).toEqual(['f5 (= −f4)']);
  });

  it('gives nothing away when every equal number is blanked too', () => {
    expect(texts(an, ['b1', 'b2', 'b4', 'b5'])).toEqual([]);
    expect(fairBlanks(an, ['b5', 'b1'])).toEqual(['b1', 'b2', 'b4', 'b5']);
  });

  it('prints none of −4.159 and 4.159 on the student sheet when only b1 is blanked', () => {
    const svg = examSvg(an, { view: 'student', blanks: ['b1'] });
    expect(svg).not.toMatch(/4\.159|ln 2/);
    const key = examSvg(an, { view: 'answer', blanks: ['b1'] });
    expect(key.match(/4\.159/g)?.length).toBe(4);
  });
});

describe('tensor graphs', () => {
  it('leave tensor answers alone: only scalars are compared', () => {
    const an = analyze(
      graph(
        [inp('x', { shape: [2], data: [1, -1] }), ['s', 'sum'], ['n', 'neg']],
        [
          ['x', 's', 'x'],
          ['s', 'n', 'x'],
        ],
      ),
    );
    // b2 = ∂n/∂s = −1 equals every entry of x's gradient [−1, −1] in size, but x's is a tensor.
    expect(giveaways(an, ['b2'])).toEqual([]);
  });
});
