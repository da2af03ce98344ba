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

/**
 * Each example is its own test with its own generator (seeded from SEED and the example's place),
 * so one example's mutants can be replayed alone and a large example (ResNet's 73,728 weights go
 * through every exporter) has its own time budget instead of sharing one with all the others.
 */
describe(`hostile mutants of every example (seed ${SEED})`, () => {
  it.each(examples.map((example, k) => [example, k] as const))(
    `%s × ${MUTANTS_PER_EXAMPLE} mutants: no crash, no vague rejection, no slow case, exact round trips`,
    (example, k) => {
      const counts = { accepted: 0, rejected: 0, issues: 0 };
      const kinds = new Map<string, number>();
      const failures: Failure[] = [];
      let slowest = 0;
      const rng = new Rng(SEED + 7919 * k);
      const original = readFileSync(`${dir}/${example}`, 'utf8');
      for (let n = 0; n < MUTANTS_PER_EXAMPLE; n++) {
        const m = mutant(original, rng);
        for (const kind of m.kinds) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
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
      // FUZZ_DUMP=1 prints each example's tally and every failure, not just the first ten; FUZZ_SEED=n explores other mutants.
      if (process.env.FUZZ_DUMP) {
        console.log(
          `fuzz ${example}: ${counts.accepted} loaded and went through every exporter, ${counts.rejected} rejected with ` +
            `${counts.issues} located issues; slowest case ${slowest.toFixed(0)} ms; ` +
            `mutations: ${[...kinds].map(([kind, v]) => `${kind} ${v}`).join(', ')}; failures ${failures.length}`,
        );
        for (const f of failures) console.log(`${f.example}#${f.n} [${f.kinds}] ${f.what.slice(0, 300)}`);
      }
      expect(failures.slice(0, 10)).toEqual([]);
      expect(counts.accepted + counts.rejected).toBe(MUTANTS_PER_EXAMPLE);
      // Enough mutants load (about one in eight) for every exporter to be exercised on each example.
      expect(counts.accepted).toBeGreaterThanOrEqual(10);
    },
    180_000,
  );
});
