import { parseDocument, type DocIssue } from '../graph/load';
import type { GraphDocument } from '../graph/schema';

const P1_PATH = '/public/examples/p1-backprop.json';

/** P1 is bundled (start-up needs it without a request); the others load when the gallery opens. */
const P1 = import.meta.glob<string>('/public/examples/p1-backprop.json', { query: '?raw', import: 'default', eager: true });

/** Every document in public/examples, found at build time, so the gallery can never go stale. */
const LOADERS: Record<string, () => Promise<string>> = {
  ...import.meta.glob<string>(['/public/examples/*.json', '!/public/examples/p1-backprop.json'], { query: '?raw', import: 'default' }),
  ...Object.fromEntries(Object.entries(P1).map(([path, text]) => [path, () => Promise.resolve(text)])),
};

export interface Example {
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly doc: GraphDocument | null;
  readonly issues: readonly DocIssue[];
}

const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Loads and validates every example, in file order. */
export async function loadExamples(): Promise<Example[]> {
  const entries = Object.entries(LOADERS).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  return Promise.all(
    entries.map(async ([path, load]) => {
      const file = fileName(path);
      const res = parseDocument(await load());
      return res.ok
        ? { file, title: res.doc.title ?? file, description: res.doc.description ?? '', doc: res.doc, issues: [] }
        : { file, title: file, description: '', doc: null, issues: res.issues };
    }),
  );
}

/** P1, the document a first visit starts with. */
export function firstDocument(): GraphDocument | null {
  const text = P1[P1_PATH];
  if (text === undefined) return null;
  const res = parseDocument(text);
  return res.ok ? res.doc : null;
}
