import { produce } from 'immer';
import { compile, labelsOf } from '../../graph/compile';
import { isPending, problemText, sameProblem } from '../../graph/problems';
import type { GraphDocument, GraphEdge } from '../../graph/schema';
import { nodeOp } from '../../graph/functions';
import { defaultParams } from '../../ops/registry';
import { portsOf } from '../../ops/types';
import { connectEdge } from './edits';

export type ConnectCheck = { readonly ok: true; readonly replaces: GraphEdge | null } | { readonly ok: false; readonly reason: string };

/** True when `to` can be reached from `from` along edges. */
function reaches(doc: GraphDocument, from: string, to: string): boolean {
  const succ = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = succ.get(e.source);
    if (list) list.push(e.target);
    else succ.set(e.source, [e.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (id === to) return true;
    for (const t of succ.get(id) ?? []) {
      if (seen.has(t)) continue;
      seen.add(t);
      stack.push(t);
    }
  }
  return false;
}

/**
 * Whether an edge may be added, and why not. A cycle is refused; so is an occupied input, unless
 * the caller is explicitly choosing a new source for it (the inspector's input picker), and so is
 * a shape mismatch, found by compiling the edited copy and looking at the target: a new problem
 * there, other than an input still missing, refuses the edge.
 */
export function checkConnection(doc: GraphDocument, edge: GraphEdge, name: (id: string) => string, allowReplace = false): ConnectCheck {
  const target = doc.nodes.find((n) => n.id === edge.target);
  const op = target && nodeOp(target, doc.functions);
  if (!op || !portsOf(op, { ...defaultParams(op), ...target.params }).some((p) => p.name === edge.port))
    return { ok: false, reason: `${name(edge.target)} has no input "${edge.port}"` };
  if (edge.source === edge.target) return { ok: false, reason: `${name(edge.source)} cannot feed its own input` };
  if (reaches(doc, edge.target, edge.source)) {
    return {
      ok: false,
      reason: `connecting ${name(edge.source)} to ${name(edge.target)} would create a cycle (${name(edge.target)} already feeds ${name(edge.source)})`,
    };
  }
  const occupied = doc.edges.find((e) => e.target === edge.target && e.port === edge.port && e.source !== edge.source);
  if (occupied && !allowReplace) {
    return {
      ok: false,
      reason: `input "${edge.port}" of ${name(edge.target)} is already connected to ${name(occupied.source)}; delete that edge first, or pick the source in the inspector`,
    };
  }
  const before = compile(doc);
  const after = compile(produce(doc, connectEdge(edge)));
  const issueBefore = before.issues[before.index.get(edge.target)!];
  const issueAfter = after.issues[after.index.get(edge.target)!];
  if (issueAfter && !isPending(issueAfter) && !sameProblem(issueAfter, issueBefore)) {
    return { ok: false, reason: `${name(edge.target)}: ${problemText(issueAfter, labelsOf(after))}` };
  }
  return { ok: true, replaces: occupied ?? null };
}
