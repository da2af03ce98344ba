import { compile } from '../../graph/compile';
import { bodyDocument } from '../../graph/formula-to-graph';
import { checkFunctions, reservedName } from '../../graph/functions';
import { IDENTIFIER, type FunctionDef, type GraphDocument } from '../../graph/schema';

/** What the function panel's three fields hold while being typed. */
export interface Draft {
  readonly name: string;
  /** Comma-separated. */
  readonly args: string;
  readonly body: string;
}

export type DraftField = 'name' | 'args' | 'body';

export interface DraftCheck {
  /** The definition, when it has no problem. */
  readonly def: FunctionDef | null;
  readonly problems: readonly { readonly field: DraftField; readonly message: string }[];
  /** The body's graph in its own numbering, "g2 = sigmoid(u)", once it parses. */
  readonly preview: readonly string[];
}

const NOT_A_NAME = 'letters, digits and _ only, not starting with a digit';

/**
 * Checks a draft as the document would be with it (added, or in place of definition `index`), with
 * the same rules as loading (checkFunctions), and previews the body's graph.
 */
export function checkDraft(doc: GraphDocument, draft: Draft, index: number | null): DraftCheck {
  const def: FunctionDef = {
    name: draft.name.trim(),
    args: draft.args
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    body: draft.body.trim(),
  };
  const problems: { field: DraftField; message: string }[] = [];
  const reserved = reservedName(def.name);
  if (!IDENTIFIER.test(def.name)) problems.push({ field: 'name', message: `a name is ${NOT_A_NAME}` });
  else if (reserved) problems.push({ field: 'name', message: reserved });
  const bad = def.args.find((a) => !IDENTIFIER.test(a));
  if (bad !== undefined) problems.push({ field: 'args', message: `"${bad}" is not a name: ${NOT_A_NAME}` });
  if (!def.body) problems.push({ field: 'body', message: 'the body is a formula over the arguments, such as u * sigmoid(u)' });
  if (problems.length) return { def: null, problems, preview: [] };
  const all = [...(doc.functions ?? [])];
  const at = index ?? all.length;
  all[at] = def;
  for (const issue of checkFunctions(all)) {
    const m = /^functions\[(\d+)\]\.(name|args|body)/.exec(issue.path);
    // A problem of another definition caused by this one (a cycle through it) is shown on the body.
    const field: DraftField = m && Number(m[1]) === at ? (m[2] as DraftField) : 'body';
    problems.push({ field, message: issue.message });
  }
  if (problems.length) return { def: null, problems, preview: [] };
  const plan = compile({ ...bodyDocument(def, all), functions: all });
  const names = plan.nodes.map((nd, k) => (k < def.args.length ? nd.id : `g${k + 1}`));
  const preview = plan.nodes.flatMap((nd, k) =>
    k < def.args.length
      ? []
      : [
          `${names[k]} = ${
            nd.op === 'constant'
              ? String(nd.value)
              : plan.ops[k].text(
                  plan.inputs[k].map((i) => names[i]),
                  plan.params[k],
                )
          }`,
        ],
  );
  return { def, problems, preview };
}
