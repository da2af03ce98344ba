import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** One axe-core finding: the rule, how bad, and the elements it was found on. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

let axeSource: Promise<string> | undefined;

/**
 * Runs axe-core in the page (its own source injected, so the audit is the real library on the
 * real DOM) and returns every violation, worst first.
 */
export async function audit(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFile('node_modules/axe-core/axe.min.js', 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: await axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: RawFinding[] }> } }).axe;
    interface RawFinding {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const { violations } = await axe.run(document);
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** The findings that block: serious and critical ones. */
export const blocking = (findings: AxeFinding[]) => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');

/** How many findings of each impact, for the report. */
export const countByImpact = (findings: AxeFinding[]): Record<string, number> =>
  findings.reduce<Record<string, number>>((c, f) => ({ ...c, [f.impact ?? 'none']: (c[f.impact ?? 'none'] ?? 0) + 1 }), {});
