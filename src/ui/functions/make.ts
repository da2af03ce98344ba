import { makeFunction, makeFunctionText, type MakeFunctionResult } from '../../graph/make-function';
import type { GraphDocument } from '../../graph/schema';
import { editor } from '../editor';
import type { Recipe } from '../store/history';

/** Opens the dialog on the current selection, with a name no function has yet. */
export function openMakeFunction(): void {
  const taken = new Set((editor.state.doc.present.functions ?? []).map((f) => f.name));
  let k = 1;
  while (taken.has(`fn${k}`)) k++;
  editor.set('makeFunction', { open: true, name: `fn${k}`, nodes: editor.state.doc.selectedNodes });
}

export const closeMakeFunction = (): void => editor.set('makeFunction', { open: false });
export const setMakeFunctionName = (name: string): void => editor.set('makeFunction', { name });

/** What the dialog would make now, for its live message. */
export function previewMakeFunction(doc: GraphDocument, nodes: readonly string[], name: string): MakeFunctionResult {
  return makeFunction(doc, nodes, name.trim());
}

/** The problem in words, naming nodes by the labels the canvas shows. */
export const makeProblemText = (r: MakeFunctionResult): string | null =>
  r.ok ? null : makeFunctionText(r.problem, (id) => editor.state.results.byId.get(id)?.label ?? id);

/** Replaces the document's graph and definitions with the made ones: one edit, one undo. */
const replaceGraph =
  (next: GraphDocument): Recipe<GraphDocument> =>
  (d) => {
    d.nodes = next.nodes.map((n) => ({ ...n }));
    d.edges = next.edges.map((e) => ({ ...e }));
    d.functions = next.functions?.map((f) => ({ ...f, args: [...f.args] }));
    if (next.output === undefined) delete d.output;
    else d.output = next.output;
  };

/** Makes the function; false (with the dialog left open showing why) when the selection or name does not allow it. */
export function confirmMakeFunction(): boolean {
  const { name, nodes } = editor.state.makeFunction;
  const r = previewMakeFunction(editor.state.doc.present, nodes, name);
  if (!r.ok) return false;
  editor.commit(`Make function ${r.def.name}`, replaceGraph(r.doc), { select: [r.call] });
  closeMakeFunction();
  editor.notify(`Made ${r.def.name}(${r.def.args.join(', ')}) = ${r.def.body}; the selection is now one call of it.`);
  return true;
}
