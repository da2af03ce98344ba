import { produce } from 'immer';
import { compile } from '../../graph/compile';
import type { GraphDocument, GraphEdge } from '../../graph/schema';
import { getOp } from '../../ops/registry';
import { connectEdge } from './edits';

export type ConnectCheck =
  | { readonly ok: true; readonly replaces: GraphEdge | null }
  | { readonly ok: false; readonly reason: string };

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

const isPending = (issue: string | null) => issue === null || /is not connected|^waiting on /.test(issue);

/**
 * Whether an edge may be added, and why not. An occupied input is replaced (the caller says so);
 * a cycle is refused; so is a shape mismatch, found by compiling the edited copy and looking at
 * the target: a new problem there, other than an input still missing, refuses the edge.
 */
export function checkConnection(doc: GraphDocument, edge: GraphEdge, name: (id: string) => string): ConnectCheck {
  const target = doc.nodes.find((n) => n.id === edge.target);
  const op = target && getOp(target.op);
  if (!op || !op.inputs.some((p) => p.name === edge.port)) return { ok: false, reason: `${name(edge.target)} has no input "${edge.port}"` };
  if (edge.source === edge.target) return { ok: false, reason: `${name(edge.source)} cannot feed its own input` };
  if (reaches(doc, edge.target, edge.source)) {
    return { ok: false, reason: `connecting ${name(edge.source)} to ${name(edge.target)} would create a cycle (${name(edge.target)} already feeds ${name(edge.source)})` };
  }
  const before = compile(doc);
  const after = compile(produce(doc, connectEdge(edge)));
  const issueBefore = before.issues[before.index.get(edge.target)!];
  const issueAfter = after.issues[after.index.get(edge.target)!];
  if (!isPending(issueAfter) && issueAfter !== issueBefore) return { ok: false, reason: `${name(edge.target)}: ${issueAfter}` };
  const replaces = doc.edges.find((e) => e.target === edge.target && e.port === edge.port) ?? null;
  return { ok: true, replaces: replaces && replaces.source === edge.source ? null : replaces };
}
