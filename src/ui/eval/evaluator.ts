import { analyzePlan } from '../../graph/analyze';
import { compile, type Plan } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import type { GraphDocument } from '../../graph/schema';
import { sizeOf } from '../../graph/tensor';
import { notify } from '../store/ui';
import { publish, useResults } from './results-store';
import { pendingSnapshot, snapshotOf, type EvalSnapshot } from './results';

/** A graph with a tensor this large is evaluated off the main thread. */
export const HEAVY_ELEMENTS = 100_000;

export interface EvalRequest {
  readonly generation: number;
  readonly doc: GraphDocument;
}

export type EvalReply =
  | { readonly generation: number; readonly ok: true; readonly snapshot: EvalSnapshot; readonly ms: number }
  | { readonly generation: number; readonly ok: false; readonly message: string };

export function isHeavy(plan: Plan): boolean {
  const big = (s: readonly number[] | null) => s !== null && sizeOf(s) > HEAVY_ELEMENTS;
  return plan.shapes.some(big) || plan.implicit.some((own) => own !== null && Object.values(own).some((p) => big(p.shape)));
}

/**
 * Re-evaluates the document after every change: synchronously for small graphs, in a worker for
 * heavy ones. Each run gets a generation number, and a reply for an older generation is dropped,
 * so a newer edit always supersedes a stale result.
 */
export class Evaluator {
  private generation = 0;
  private worker: Worker | null = null;

  run(doc: GraphDocument): void {
    const generation = ++this.generation;
    const t0 = performance.now();
    try {
      const plan = compile(doc);
      if (isHeavy(plan) && typeof Worker !== 'undefined') {
        publish(pendingSnapshot(plan, useResults.getState().byId), null, null, true);
        this.ensureWorker().postMessage({ generation, doc } satisfies EvalRequest);
        return;
      }
      publish(snapshotOf(analyzePlan(plan, evaluate(plan))), performance.now() - t0, 'main thread');
    } catch (e) {
      this.fail(`Evaluation failed: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.generation++;
  }

  private ensureWorker(): Worker {
    if (!this.worker) {
      this.worker = new Worker(new URL('../worker/eval.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<EvalReply>) => this.receive(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.worker?.terminate();
        this.worker = null;
        this.fail(`The evaluation worker stopped: ${e.message}`);
      };
    }
    return this.worker;
  }

  private receive(reply: EvalReply): void {
    if (reply.generation !== this.generation) return;
    if (reply.ok) publish(reply.snapshot, reply.ms, 'worker');
    else this.fail(`Evaluation failed: ${reply.message}`);
  }

  private fail(message: string): void {
    useResults.setState({ busy: false });
    notify(message, 'error');
  }
}
