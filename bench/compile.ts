import { compile, type Plan } from '../src/graph/compile';
import { evaluate } from '../src/graph/evaluate';
import { referenceNumbering } from '../src/graph/order-reference';
import type { GraphDocument } from '../src/graph/schema';
import { scalarDocument, scalarSpec } from './scalar-graph';
import { timeBest, type Report } from './util';

/** Best of `reps` timings of `fn` on a document parsed afresh each time (outside the timing), as a loaded file is. */
function bestOnFresh(text: string, reps: number, fn: (doc: GraphDocument) => void): number {
  let best = Infinity;
  for (let i = 0; i <= reps; i++) {
    const doc = JSON.parse(text) as GraphDocument;
    const t0 = performance.now();
    fn(doc);
    if (i > 0) best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Compile of the 100,000-node scalar graph. The compile before flat arrays cannot run beside it,
 * so the peer, in the same process on the same document, is the numbering alone written plainly
 * (order-reference.ts, which the tests check compile against: Maps keyed by id, an array and an
 * object per node, the ready list sorted at each step): only part of compile's work, in the
 * per-node-object style. Also reported: parsing the document's JSON, the per-node lists the plan
 * builds on first read, and one evaluation (forward and backward).
 */
export function runCompileBench(report: Report): void {
  const n = 100000;
  const text = JSON.stringify(scalarDocument(scalarSpec(n)));
  let plan: Plan | undefined;
  const ours = bestOnFresh(text, 5, (doc) => {
    plan = compile(doc);
  });
  const peer = bestOnFresh(text, 3, (doc) => {
    referenceNumbering(doc, new Map());
  });
  // Built in memory instead, every edge's ids are strings of their own, not the node's (JSON.parse shares them): the Map must hash each.
  let inMemory = Infinity;
  for (let i = 0; i < 3; i++) {
    const doc = scalarDocument(scalarSpec(n));
    const t0 = performance.now();
    compile(doc);
    inMemory = Math.min(inMemory, performance.now() - t0);
  }
  const parse = timeBest(() => JSON.parse(text), 5);
  let lists = Infinity;
  for (let i = 0; i < 3; i++) {
    const fresh = compile(JSON.parse(text) as GraphDocument);
    const t0 = performance.now();
    void fresh.inputs;
    void fresh.consumers;
    lists = Math.min(lists, performance.now() - t0);
  }
  const evaluateMs = timeBest(() => evaluate(plan as Plan).grad(0), 5);
  report({
    name: 'compile scalar 100k',
    ours_ms: ours,
    peer: 'plain numbering (Maps)',
    peer_ms: peer,
    nodes: n,
    ns_per_node: (ours * 1e6) / n,
    in_memory_doc_ms: inMemory,
    json_parse_ms: parse,
    lists_first_read_ms: lists,
    evaluate_ms: evaluateMs,
  });
}
