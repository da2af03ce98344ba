import { useEffect } from 'react';
import { create } from 'zustand';
import { compile } from '../../graph/compile';
import { loadExact } from '../../exact';
import type { GraphDocument } from '../../graph/schema';
import { useEditor } from '../store/editor';
import { computeExactForms, sameMath, type ExactForms, type ExactReply, type ExactRequest } from './exact-forms';

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

/**
 * Runs exact mode in a worker where there is one (the browser), else on the main thread (tests).
 * Each run has a generation; the result of an older one is dropped.
 */
class ExactRunner {
  private generation = 0;
  private worker: Worker | null = null;
  private readonly docs = new Map<number, GraphDocument>();

  run(doc: GraphDocument): void {
    const generation = ++this.generation;
    // Shapes alone tell a tensor graph: mathjs is not even loaded for one.
    let scalar: boolean;
    try {
      scalar = compile(doc).scalarOnly;
    } catch (e) {
      this.receive(doc, generation, { state: 'failed', message: (e as Error).message });
      return;
    }
    if (!scalar) {
      this.receive(doc, generation, { state: 'tensor' });
      return;
    }
    if (typeof Worker === 'undefined') {
      loadExact().then(
        (engine) => this.receive(doc, generation, resultOf(computeExactForms(engine, doc))),
        (e: Error) => this.receive(doc, generation, { state: 'failed', message: e.message }),
      );
      return;
    }
    this.docs.set(generation, doc);
    this.ensureWorker().postMessage({ generation, doc } satisfies ExactRequest);
  }

  private ensureWorker(): Worker {
    if (!this.worker) {
      this.worker = new Worker(new URL('../worker/exact.worker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<ExactReply>) => {
        const reply = e.data;
        const doc = this.docs.get(reply.generation);
        this.docs.delete(reply.generation);
        if (doc) this.receive(doc, reply.generation, reply.ok ? resultOf(reply.forms) : { state: 'failed', message: reply.message });
      };
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.worker?.terminate();
        this.worker = null;
        this.docs.clear();
        useExact.setState({
          doc: useEditor.getState().present,
          result: { state: 'failed', message: e.message || 'the exact-mode worker stopped' },
        });
      };
    }
    return this.worker;
  }

  private receive(doc: GraphDocument, generation: number, result: ExactResult): void {
    if (generation === this.generation) useExact.setState({ doc, result });
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
