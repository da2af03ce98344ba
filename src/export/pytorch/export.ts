/**
 * Export of a document to a standalone PyTorch script, an independent check of an answer key (and
 * of the engine) against a real framework. python.ts writes Python literals and names; ops.ts
 * writes each op as its definition's `torch` facet says; graph.ts writes the forward pass,
 * checks.ts the comparisons with the expected block, step.ts the training step.
 */
import { SOURCE } from '../../graph/compile';
import { makeExpected, withExpected } from '../../graph/expected';
import { needsValues } from '../../graph/fixture';
import type { Expected, GraphDocument } from '../../graph/schema';
import { checkLines, DEFAULT_TOL, errorLines, HELPER_NAMES, HELPERS, torchComparable } from './checks';
import { functionLines } from './functions';
import { createBuild, graphLines, refuseUnknownOps, requiresGrad, type Build } from './graph';
import { pyComment, pyCommentBlock, pyString } from '../../escape/python';
import { oneLine } from '../../escape/text';
import { stepLines } from './step';

export { PyTorchExportError } from './ops';

/** Where the numbers the script compares with come from. */
type Answers = 'document' | 'engine';

function header(doc: GraphDocument, values: boolean, answers: Answers): string[] {
  const lines = ['#!/usr/bin/env python3', pyComment(doc.title ?? 'Untitled graph')];
  if (doc.description) lines.push('#', ...pyCommentBlock(doc.description));
  const against =
    answers === 'document'
      ? "the answers in the document's expected block"
      : "the values Backprop Studio's engine computed when this script was written";
  lines.push(
    '#',
    ...pyCommentBlock(
      'Written by Backprop Studio (backprop pytorch): the graph rebuilt with PyTorch in float64, one variable per node ' +
        `in numbering order, and checked against ${against}. Prints one line per mismatch and exits 1, or prints ` +
        '"ok <title>" and exits 0; a script that compared nothing fails. Needs a Python with torch (Debian: python3-torch).',
    ),
  );
  if (answers === 'engine') {
    lines.push(
      '#',
      ...pyCommentBlock(
        "NOTE: the document has no expected answers PyTorch can check, so this script embeds the engine's own values, " +
          'gradients and shapes: it checks Backprop Studio against PyTorch, not against an answer key. A node where the ' +
          'engine reports an error fails here whatever PyTorch computes.',
      ),
    );
  }
  if (!values) {
    lines.push(
      '#',
      ...pyCommentBlock(
        "Only shapes are expected, so, as Backprop Studio's checker, nothing is evaluated: every tensor lives on " +
          "torch's meta device, which computes shapes without data (a VGG stack or a 25088 × 4096 layer costs nothing).",
      ),
    );
  }
  return lines;
}

/** Backward from the output, seeded with ones as the engine seeds it; nothing to do when no variable feeds the output. */
function backwardLines(b: Build): string[] {
  const { plan } = b;
  const out = plan.output;
  if (!b.values || out < 0) return [];
  if (b.meta[out]) return ['# The output is too large to evaluate (as in Backprop Studio), so there is no backward pass.', ''];
  const fed = b.vars.some((_, k) => plan.reaches[k] && plan.kinds[k] === SOURCE && requiresGrad(b, k));
  if (!fed) return [];
  const v = b.vars[out];
  const seed = plan.shapes[out]?.length === 0 ? '' : `torch.ones_like(${v})`;
  return [
    pyComment(`Backward from the output ${plan.labels[out]}, seeded with ${seed ? 'ones' : '1'} as in Backprop Studio.`),
    `${v}.backward(${seed})`,
    '',
  ];
}

/**
 * The engine's values, gradients and shapes, for a document without answers of its own. Nodes in
 * error are left without values: errorLines fails the script on them.
 */
function engineAnswers(doc: GraphDocument): Expected {
  const res = makeExpected(doc);
  return res.ok ? res.expected : res.partial;
}

/**
 * A standalone Python 3 script (torch only) that rebuilds the document's graph with PyTorch in
 * float64 and checks every expected value, gradient, shape and training step against it, with the
 * document's tolerance. Sources and the tensors layers own are written as literals (the engine's
 * initializers materialised), so both sides start from the same numbers. Parameter counts, MACs,
 * memory and exact forms are exam conventions rather than something torch computes: the script
 * lists them in a comment and leaves them to `backprop check`. A document with nothing PyTorch can
 * compare is checked against the engine's own values instead, embedded and said so at the top.
 * The script never prints ok without comparing: a node the engine reports an error at fails it
 * (PyTorch's NaN there is no answer), and so does a run that compared nothing.
 * @throws PyTorchExportError for an op without a PyTorch mapping or a graph that does not compile
 *   (an unconnected input, a shape mismatch).
 */
export function toPyTorchScript(original: GraphDocument): string {
  refuseUnknownOps(original);
  const answers: Answers = torchComparable(original.expected) ? 'document' : 'engine';
  const doc = answers === 'document' ? original : withExpected(original, engineAnswers(original));
  const exp = doc.expected ?? {};
  // Like the engine's checker, a document expecting only shapes is not evaluated.
  const values = needsValues(exp);
  const b = createBuild(doc, values, HELPER_NAMES);
  const checks = checkLines(b, exp);
  const lines = [
    ...header(doc, values, answers),
    'import sys',
    '',
    'import torch',
    'import torch.nn.functional as F',
    '',
    'torch.set_default_dtype(torch.float64)',
    '',
    ...functionLines(b.plan.functions, b.functions, [...HELPER_NAMES, 'failures', 'compared', 'TITLE']),
    ...graphLines(b),
    ...backwardLines(b),
    // The title as printed: on one line, no control character reaching the terminal.
    `TITLE = ${pyString(oneLine(doc.title ?? 'Untitled graph'))}`,
    ...HELPERS,
    '',
  ];
  if (checks.skipped.length) {
    lines.push(
      ...pyCommentBlock(
        `Not checked here (exam conventions and display forms, not something PyTorch computes): ${checks.skipped.join(', ')}.`,
      ),
    );
  }
  // A loop, not push(...): a check line per node would overflow the call stack on a large graph.
  for (const line of [...checks.lines, ...errorLines(b)]) lines.push(line);
  if (exp.step) lines.push('', ...stepLines(b, exp.step, exp.tol ?? DEFAULT_TOL));
  lines.push(
    '',
    'if failures:',
    "    print(f'FAIL {TITLE}: {len(failures)} mismatch' + ('' if len(failures) == 1 else 'es'))",
    '    sys.exit(1)',
    'if not compared:',
    "    print(f'FAIL {TITLE}: nothing was compared')",
    '    sys.exit(1)',
    "print(f'ok {TITLE}')",
  );
  return `${lines.join('\n')}\n`;
}
