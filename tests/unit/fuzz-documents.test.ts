/**
 * Continuous hostile testing: every example, mutated thousands of times with a seed, goes through
 * load, evaluation and every exporter in-process. No exception may escape, every rejection must
 * name a path and a reason, no case may run long, and the round trips must be exact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/graph/analyze';
import { compile } from '../../src/graph/compile';
import { answerKeyMarkdown, examSvg, examTikz } from '../../src/exam';
import { parseDocument, serializeDocument } from '../../src/graph/load';
import { PyTorchExportError, toPyTorchScript } from '../../src/export/pytorch/export';
import type { GraphDocument } from '../../src/graph/schema';
import { decodeShare, encodeShare } from '../../src/export/share';
import { sizeOf } from '../../src/tensor/tensor';
import { mutant, Rng } from '../fuzz/mutate';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const MUTANTS_PER_EXAMPLE = 200;
/**
 * Above this much work a mutant is checked for shapes only, as `check` does for a shapes-only
 * fixture: evaluating AlexNet's conv1 is real work (seconds), not a hang, and has its own tests.
 */
const EVAL_ELEMENTS = 2_000_000;
const EVAL_MACS = 10_000_000;
/** A hang detector, not a speed test: the slowest legitimate case (AlexNet conv1's script, its values computed) takes about 3 s here. */
const CASE_LIMIT_MS = 20_000;

const dir = 'public/examples';
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** Errors an exporter throws on purpose, with a message for people: anything else is a crash. */
const expected = (e: unknown): boolean => e instanceof PyTorchExportError;

interface Failure {
  readonly example: string;
  readonly n: number;
  readonly kinds: string[];
  readonly what: string;
}

function exercise(doc: GraphDocument): string[] {
  const problems: string[] = [];
  const text = serializeDocument(doc);
  const again = parseDocument(text);
  if (!again.ok) problems.push(`saved document does not load: ${again.issues[0]?.path}: ${again.issues[0]?.message}`);
  else if (serializeDocument(again.doc) !== text) problems.push('save, load, save is not identical');
  const shared = decodeShare(encodeShare(doc));
  if (!shared.ok) problems.push(`share link does not decode: ${shared.issues[0]?.message}`);
  else if (serializeDocument(shared.doc) !== text) problems.push('share encode, decode is not identical');

  const plan = compile(doc);
  const elements = plan.shapes.reduce((s, sh) => s + (sh ? sizeOf(sh) : 0), 0);
  const macs = plan.costs.reduce((s, c) => s + (c?.macs ?? 0), 0);
  const an = analyze(doc, { shapesOnly: elements > EVAL_ELEMENTS || macs > EVAL_MACS });
  for (const [name, run] of [
    ['svg student', () => examSvg(an, { view: 'student' })],
    ['svg answer', () => examSvg(an, { view: 'answer' })],
    ['tikz', () => examTikz(an, { view: 'answer', standalone: true })],
    ['answer key', () => answerKeyMarkdown(an)],
    ['pytorch', () => toPyTorchScript(doc)],
  ] as const) {
    try {
      if (typeof run() !== 'string') problems.push(`${name}: no text`);
    } catch (e) {
      if (!expected(e)) problems.push(`${name}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  return problems;
}

describe(`hostile mutants of every example (seed ${SEED})`, () => {
  it(`${examples.length} examples × ${MUTANTS_PER_EXAMPLE} mutants: no crash, no vague rejection, no slow case, exact round trips`, () => {
    const counts = { mutants: 0, accepted: 0, rejected: 0, issues: 0 };
    const kinds = new Map<string, number>();
    const failures: Failure[] = [];
    let slowest = 0;
    const rng = new Rng(SEED);
    for (const example of examples) {
      const original = readFileSync(`${dir}/${example}`, 'utf8');
      for (let n = 0; n < MUTANTS_PER_EXAMPLE; n++) {
        const m = mutant(original, rng);
        for (const k of m.kinds) kinds.set(k, (kinds.get(k) ?? 0) + 1);
        counts.mutants++;
        const fail = (what: string) => failures.push({ example, n, kinds: m.kinds, what });
        const t0 = performance.now();
        try {
          const res = parseDocument(m.text);
          if (res.ok) {
            counts.accepted++;
            for (const p of exercise(res.doc)) fail(p);
          } else {
            counts.rejected++;
            counts.issues += res.issues.length;
            if (!res.issues.length) fail('rejected without an issue');
            for (const i of res.issues) {
              if (!i.path || !i.message.trim()) fail(`issue without a path or reason: ${JSON.stringify(i)}`);
              if (/^Invalid (input|option)|^Too (big|small)/i.test(i.message)) fail(`vague message at ${i.path}: ${i.message}`);
            }
          }
        } catch (e) {
          fail(`exception escaped: ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`);
        }
        const ms = performance.now() - t0;
        slowest = Math.max(slowest, ms);
        if (ms > CASE_LIMIT_MS) fail(`took ${ms.toFixed(0)} ms`);
      }
    }
    console.log(
      `fuzz: ${counts.mutants} mutants (seed ${SEED}): ${counts.accepted} loaded and went through every exporter, ` +
        `${counts.rejected} rejected with ${counts.issues} located issues; slowest case ${slowest.toFixed(0)} ms; ` +
        `mutations: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ')}; failures ${failures.length}`,
    );
    // FUZZ_DUMP=1 lists every failure, not just the first ten; FUZZ_SEED=n explores other mutants.
    if (process.env.FUZZ_DUMP) for (const f of failures) console.log(`${f.example}#${f.n} [${f.kinds}] ${f.what.slice(0, 300)}`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(counts.mutants).toBeGreaterThanOrEqual(2000);
  });
});
