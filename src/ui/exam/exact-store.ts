import { compile } from '../../graph/compile';
import type { GraphDocument } from '../../graph/schema';
import type { Editor } from '../editor/Editor';
import { InProcessWorker } from '../worker/in-process-worker';
import { WorkerRunner, type WorkerPort } from '../worker/runner';
import { answerExact, sameMath, type ExactForms, type ExactReply, type ExactRequest } from './exact-forms';

/** What exact mode knows about the current document. */
export type ExactResult =
  | { readonly state: 'pending' }
  | { readonly state: 'tensor' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly forms: ExactForms };

export interface ExactState {
  /** The document the result was worked out for. */
  readonly doc: GraphDocument | null;
  readonly result: ExactResult;
}

const PENDING: ExactResult = { state: 'pending' };

export const initialExact = (): ExactState => ({ doc: null, result: PENDING });

/** Typing pauses this long before the forms are worked out again. */
export const EXACT_DELAY_MS = 250;

const resultOf = (forms: ExactForms | null): ExactResult => (forms ? { state: 'ready', forms } : { state: 'tensor' });

/** The exact forms for a document, unless they are stale: pending until worked out for this very mathematics. */
export const exactFor = (s: ExactState, present: GraphDocument): ExactResult => (s.doc && sameMath(s.doc, present) ? s.result : PENDING);

/** The real worker; a module worker, bundled by Vite. jsdom has none: the same code then answers in this thread. */
const exactWorker = (): WorkerPort<ExactRequest, ExactReply> =>
  typeof Worker === 'undefined'
    ? new InProcessWorker(answerExact, 0)
    : (new Worker(new URL('../worker/exact.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerPort<
        ExactRequest,
        ExactReply
      >);

/**
 * Exact mode: works out the closed forms of the document in a worker while something shows them
 * (counted by `watch`), again after each edit of the mathematics once typing pauses. Only the
 * result for the newest document is shown.
 */
export class ExactRunner {
  /** The document whose forms are wanted now. */
  private latest: GraphDocument | null = null;
  private watchers = 0;
  private stopWatching: (() => void) | null = null;
  private readonly runner = new WorkerRunner<{ readonly doc: GraphDocument }, ExactReply>(exactWorker, {
    started: () => undefined,
    finished: (job, reply) => this.receive(job.doc, reply.ok ? resultOf(reply.forms) : { state: 'failed', message: reply.message }),
    crashed: (_job, message) =>
      this.editor.set('exact', {
        doc: this.editor.state.doc.present,
        result: { state: 'failed', message: message || 'the exact-mode worker stopped' },
      }),
  });

  constructor(private readonly editor: Editor) {}

  run(doc: GraphDocument): void {
    this.latest = doc;
    // Shapes alone tell a tensor graph: mathjs is not even loaded for one.
    let scalar: boolean;
    try {
      scalar = compile(doc).scalarOnly;
    } catch (e) {
      this.runner.dropPending();
      this.receive(doc, { state: 'failed', message: (e as Error).message });
      return;
    }
    if (scalar) this.runner.submit({ doc });
    else {
      this.runner.dropPending();
      this.receive(doc, { state: 'tensor' });
    }
  }

  /** Keeps the exact forms up to date while something shows them; returns the function that stops. */
  watch(): () => void {
    if (this.watchers++ === 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const current = this.editor.state.exact.doc;
      const present = () => this.editor.state.doc.present;
      if (!current || !sameMath(current, present())) this.run(present());
      const stop = this.editor.subscribe((s, prev) => {
        if (sameMath(s.doc.present, prev.doc.present)) return;
        clearTimeout(timer);
        timer = setTimeout(() => this.run(present()), EXACT_DELAY_MS);
      });
      this.stopWatching = () => {
        clearTimeout(timer);
        stop();
      };
    }
    return () => {
      if (--this.watchers === 0) this.stopWatching?.();
    };
  }

  /** Forgets the job under way (a reset); whatever watches keeps watching, and asks for the new document's forms. */
  cancel(): void {
    this.latest = null;
    this.runner.stop();
  }

  private receive(doc: GraphDocument, result: ExactResult): void {
    if (doc === this.latest) this.editor.set('exact', { doc, result });
  }
}
