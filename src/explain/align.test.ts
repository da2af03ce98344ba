import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdflatex } from '../../tests/pdflatex';
import { tempDir } from '../../tests/tmp';
import { compile } from '../graph/compile';
import { evaluate } from '../graph/evaluate';
import { forwardMode } from '../graph/forward';
import { parseDocument } from '../graph/load';
import { buildTangentTrace } from '../graph/tangent-trace';
import { buildTrace } from '../graph/trace';
import { alignBlock } from './align';
import { explainTrace } from './explain';
import { explainTangentStep } from './tangent';

const plan = (() => {
  const r = parseDocument(readFileSync(new URL('../../public/examples/p1-backprop.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return compile(r.doc);
})();
const ev = evaluate(plan);

describe('alignBlock', () => {
  it('aligns each step at its first "=" and breaks lines between steps', () => {
    expect(
      alignBlock([
        { text: '', latex: 'a = b = 1', rule: '' },
        { text: '', latex: 'c = 2', rule: '' },
      ]),
    ).toBe('\\begin{align*}\n  a &= b = 1 \\\\\n  c &= 2\n\\end{align*}\n');
  });

  it("P1's reverse and forward derivations build with pdflatex and amsmath", () => {
    const fm = forwardMode(ev, { node: 0 });
    const reverse = alignBlock(explainTrace(buildTrace(ev), plan, ev));
    const forward = alignBlock(
      buildTangentTrace(fm)
        .all()
        .map((s) => explainTangentStep(s, plan, fm)),
    );
    expect(forward).toContain('\\dot{f}_{7} &= \\frac{\\partial f_{7}}{\\partial f_{3}}');
    const dir = tempDir('backprop-align-');
    const tex = ['\\documentclass{article}', '\\usepackage{amsmath}', '\\begin{document}', reverse, forward, '\\end{document}', ''];
    writeFileSync(join(dir, 'd.tex'), tex.join('\n'));
    expect(pdflatex(dir, 'd.tex')).toBeGreaterThan(0);
  }, 60_000);
});
