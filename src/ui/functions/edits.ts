import type { FunctionDef, GraphDocument } from '../../graph/schema';
import type { Recipe } from '../store/history';

type Doc = GraphDocument;

/**
 * Adds a definition, or replaces the one at `index`. Its calls follow a change of name, and their
 * wires follow the arguments by position (the second argument keeps the second wire, renamed);
 * a wire to an argument that no longer exists is removed with the edit, so undo brings it back.
 */
export const putFunction =
  (def: FunctionDef, index: number | null): Recipe<Doc> =>
  (d) => {
    const fns = (d.functions ??= []);
    const old = index === null ? undefined : fns[index];
    if (index === null || !old) {
      fns.push({ name: def.name, args: [...def.args], body: def.body });
      return;
    }
    fns[index] = { name: def.name, args: [...def.args], body: def.body };
    const calls = new Set(d.nodes.filter((n) => n.op === 'call' && n.params?.fn === old.name).map((n) => n.id));
    for (const n of d.nodes) if (calls.has(n.id)) n.params = { fn: def.name };
    d.edges = d.edges.flatMap((e) => {
      if (!calls.has(e.target)) return [e];
      const j = old.args.indexOf(e.port);
      return j >= 0 && j < def.args.length ? [{ ...e, port: def.args[j] }] : [];
    });
  };

/** Removes a definition that no call uses (the caller checks). */
export const removeFunction =
  (name: string): Recipe<Doc> =>
  (d) => {
    d.functions = (d.functions ?? []).filter((f) => f.name !== name);
    if (d.functions.length === 0) delete d.functions;
  };

/** The ids of the nodes calling a function. */
export const callsOf = (doc: Doc, name: string): string[] =>
  doc.nodes.filter((n) => n.op === 'call' && n.params?.fn === name).map((n) => n.id);
