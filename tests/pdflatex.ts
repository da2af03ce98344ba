/** Building LaTeX with the real pdflatex (texlive-latex-base and texlive-pictures), shell escape off. */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Builds a .tex file in `dir` and returns the PDF's size. A missing pdflatex fails the test: the
 * LaTeX export is only proven by building it. Shell escape is off outright (not TeX Live's
 * restricted default), as it should be for any file one did not write.
 */
export function pdflatex(dir: string, file: string): number {
  const r = spawnSync('pdflatex', ['-no-shell-escape', '-interaction=nonstopmode', '-halt-on-error', file], {
    cwd: dir,
    timeout: 60_000,
    encoding: 'utf8',
  });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(
      'pdflatex is not installed: install texlive-latex-base and texlive-pictures (apt-get install texlive-latex-base texlive-pictures); CI installs them',
    );
  }
  expect(r.error).toBeUndefined();
  expect(r.status, r.stdout.slice(-3000)).toBe(0);
  const pdf = join(dir, file.replace(/\.tex$/, '.pdf'));
  expect(existsSync(pdf)).toBe(true);
  return statSync(pdf).size;
}
