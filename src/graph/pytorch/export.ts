/**
 * Export of a document to a standalone PyTorch script, an independent check of an answer key (and
 * of the engine) against a real framework. python.ts writes Python literals and names; ops-*.ts
 * map each op family to torch; graph.ts writes the forward pass, checks.ts the comparisons with the
 * expected block, step.ts the training step.
 */
import { SOURCE } from '../compile';
import { needsValues } from '../fixture';
import type { GraphDocument } from '../schema';
import { checkLines, DEFAULT_TOL, HELPER_NAMES, HELPERS } from './checks';
import { createBuild, graphLines, requiresGrad, type Build } from './graph';
import { pyComment, pyCommentBlock, pyString } from '../escape/python';
import { oneLine } from '../escape/text';
import { stepLines } from './step';

export { PyTorchExportError, TORCH_OPS } from './ops';

function header(doc: GraphDocument, values: boolean): string[] {
  const lines = ['#!/usr/bin/env python3', pyComment(doc.title ?? 'Untitled graph')];
  if (doc.description) lines.push('#', ...pyCommentBlock(doc.description));
  lines.push(
    '#',
    ...pyCommentBlock(
      'Written by Backprop Studio (backprop pytorch): the graph rebuilt with PyTorch in float64, one variable per node '
      + 'in numbering order, and checked against the answers in the document\'s expected block. Prints one line per '
      + 'mismatch and exits 1, or prints "ok <title>" and exits 0. Needs a Python with torch (Debian: python3-torch).',
    ),
  );
  if (!values) {
    lines.push('#', ...pyCommentBlock(
      'Only shapes are expected, so, as Backprop Studio\'s checker, nothing is evaluated: every tensor lives on '
      + 'torch\'s meta device, which computes shapes without data (a VGG stack or a 25088 × 4096 layer costs nothing).',
    ));
  }
  return lines;
}

/** Backward from the output, seeded with ones as the engine seeds it; nothing to do when no variable feeds the output. */
function backwardLines(b: Build): string[] {
  const { plan } = b;
  const out = plan.output;
  if (!b.values || out < 0) return [];
  if (b.meta[out]) return ['# The output is too large to evaluate (as in Backprop Studio), so there is no backward pass.', ''];
  const fed = b.vars.some((_, k) => b.differentiable[k] && plan.kinds[k] === SOURCE && requiresGrad(b, k));
  if (!fed) return [];
  const v = b.vars[out];
  const seed = plan.shapes[out]?.length === 0 ? '' : `torch.ones_like(${v})`;
  return [pyComment(`Backward from the output ${plan.labels[out]}, seeded with ${seed ? 'ones' : '1'} as in Backprop Studio.`), `${v}.backward(${seed})`, ''];
}

/**
 * A standalone Python 3 script (torch only) that rebuilds the document's graph with PyTorch in
 * float64 and checks every expected value, gradient, shape and training step against it, with the
 * document's tolerance. Sources and the tensors layers own are written as literals (the engine's
 * initializers materialised), so both sides start from the same numbers. Parameter counts, MACs,
 * memory and exact forms are exam conventions rather than something torch computes: the script
 * lists them in a comment and leaves them to `backprop check`.
 * @throws PyTorchExportError for an op without a PyTorch mapping or a graph with errors.
 */
export function toPyTorchScript(doc: GraphDocument): string {
  const exp = doc.expected ?? {};
  // Like the engine's checker, a document expecting only shapes is not evaluated; one with no
  // expected block at all is, as `backprop eval` would.
  const values = !doc.expected || needsValues(doc.expected);
  const b = createBuild(doc, values, HELPER_NAMES);
  const checks = checkLines(b, exp);
  const lines = [
    ...header(doc, values),
    'import sys',
    '',
    'import torch',
    'import torch.nn.functional as F',
    '',
    'torch.set_default_dtype(torch.float64)',
    '',
    ...graphLines(b),
    ...backwardLines(b),
    // The title as printed: on one line, no control character reaching the terminal.
    `TITLE = ${pyString(oneLine(doc.title ?? 'Untitled graph'))}`,
    ...HELPERS,
    '',
  ];
  if (checks.skipped.length) {
    lines.push(...pyCommentBlock(`Not checked here (exam conventions and display forms, not something PyTorch computes): ${checks.skipped.join(', ')}.`));
  }
  lines.push(...checks.lines);
  if (exp.step) lines.push('', ...stepLines(b, exp.step, exp.tol ?? DEFAULT_TOL));
  lines.push(
    '',
    'if failures:',
    "    print(f'FAIL {TITLE}: {len(failures)} mismatch' + ('' if len(failures) == 1 else 'es'))",
    '    sys.exit(1)',
    "print(f'ok {TITLE}')",
  );
  return `${lines.join('\n')}\n`;
}
