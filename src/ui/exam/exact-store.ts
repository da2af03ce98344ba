import { useEffect } from 'react';
import { create } from 'zustand';
import { compile } from '../../graph/compile';
import type { GraphDocument } from '../../graph/schema';
import { useEditor } from '../store/editor';
import { InProcessWorker } from '../worker/in-process-worker';
import { WorkerRunner, type WorkerPort } from '../worker/runner';
import { answerExact, sameMath, type ExactForms, type ExactReply, type ExactRequest } from './exact-forms';

/** What exact mode knows about the current document. */
export type ExactResult =
  | { readonly state: 'pending' }
  | { readonly state: 'tensor' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly forms: ExactForms };

interface ExactState {
  /** The document the result was worked out for. */
  readonly doc: GraphDocument | null;
  readonly result: ExactResult;
}

const PENDING: ExactResult = { state: 'pending' };

export const useExact = create<ExactState>()(() => ({ doc: null, result: PENDING }));

/** Typing pauses this long before the forms are worked out again. */
export const EXACT_DELAY_MS = 250;

const resultOf = (forms: ExactForms | null): ExactResult => (forms ? { state: 'ready', forms } : { state: 'tensor' });

/** The real worker; a module worker, bundled by Vite. jsdom has none: the same code then answers in this thread. */
const exactWorker = (): WorkerPort<ExactRequest, ExactReply> =>
  typeof Worker === 'undefined'
    ? new InProcessWorker(answerExact, 0)
    : (new Worker(new URL('../worker/exact.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerPort<
        ExactRequest,
        ExactReply
      >);

/** Runs exact mode in a worker; only the result for the newest document is shown. */
class ExactRunner {
  /** The document whose forms are wanted now. */
  private latest: GraphDocument | null = null;
  private readonly runner = new WorkerRunner<{ readonly doc: GraphDocument }, ExactReply>(exactWorker, {
    started: () => undefined,
    finished: (job, reply) => this.receive(job.doc, reply.ok ? resultOf(reply.forms) : { state: 'failed', message: reply.message }),
    crashed: (_job, message) =>
      useExact.setState({
        doc: useEditor.getState().present,
        result: { state: 'failed', message: message || 'the exact-mode worker stopped' },
      }),
  });

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

  private receive(doc: GraphDocument, result: ExactResult): void {
    if (doc === this.latest) useExact.setState({ doc, result });
  }
}

const runner = new ExactRunner();
let watchers = 0;
let stopWatching: (() => void) | null = null;

/** Keeps the exact forms up to date while something shows them; returns the function that stops. */
function watchExact(): () => void {
  if (watchers++ === 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const current = useExact.getState().doc;
    if (!current || !sameMath(current, useEditor.getState().present)) runner.run(useEditor.getState().present);
    const stop = useEditor.subscribe((s, prev) => {
      if (sameMath(s.present, prev.present)) return;
      clearTimeout(timer);
      timer = setTimeout(() => runner.run(useEditor.getState().present), EXACT_DELAY_MS);
    });
    stopWatching = () => {
      clearTimeout(timer);
      stop();
    };
  }
  return () => {
    if (--watchers === 0) stopWatching?.();
  };
}

/**
 * Exact forms of the current document, loading mathjs on first use. Until they are worked out for
 * this document (after an edit, say) the result is pending, so stale forms are never shown.
 */
export function useExactForms(): ExactResult {
  useEffect(watchExact, []);
  const present = useEditor((s) => s.present);
  const doc = useExact((s) => s.doc);
  const result = useExact((s) => s.result);
  return doc && sameMath(doc, present) ? result : PENDING;
}
