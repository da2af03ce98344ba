import { analyze, type Analysis } from '../../graph/analyze';
import type { Command } from '../command';
import { formatValue, jsonValue, renderTable } from '../format';
import { SOURCE_OPTIONS, loadGraph } from '../source';

/** The table in numbering order, then d(output)/d(input) for every input. */
function renderText(an: Analysis): string {
  const withErrors = an.invalid.length > 0;
  const header = ['node', 'id', 'op', 'value f_i', 'gradient b_i', ...(withErrors ? ['error'] : [])];
  const rows = an.nodes.map((r) => [r.label, r.id, r.op, formatValue(r.value), formatValue(r.grad), ...(withErrors ? [r.error ?? ''] : [])]);
  const out = an.output;
  const lines = [renderTable(header, rows), ''];
  if (!out) lines.push('no output node');
  else if (out.value === undefined) lines.push(`output ${out.label} has no value: ${out.error ?? 'unknown error'}`);
  else {
    lines.push(`output ${out.label} = ${formatValue(out.value)}`);
    const names = Object.keys(an.gradients);
    if (names.length) {
      lines.push('', `gradient of ${out.label} with respect to each input:`);
      lines.push(...names.map((name) => `  d ${out.label}/d ${name} = ${formatValue(an.gradients[name])}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One JSON object at full precision; tensors as nested arrays, null where nothing was computed. */
function renderJson(an: Analysis): string {
  return `${JSON.stringify({
    output: jsonValue(an.output?.value),
    gradients: Object.fromEntries(Object.entries(an.gradients).map(([name, g]) => [name, jsonValue(g)])),
    nodes: an.nodes.map((r) => ({
      id: r.id, label: r.label, op: r.op, value: jsonValue(r.value), grad: jsonValue(r.grad), shape: r.shape, error: r.error,
    })),
  })}\n`;
}

/** `eval`: the forward and backward pass of a file or a formula. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a graph: values f_i, gradients b_i and d(output)/d(input)',
  synopsis: ['<file.json> [--at x=2] [--json]', '-e <formula> --at x=2,y=1 [--expand-sub] [--json]'],
  options: [...SOURCE_OPTIONS, { name: 'json', help: 'print one JSON object: output, gradients, nodes (full precision)' }],
  run(args, io) {
    const an = analyze(loadGraph(args, 'eval'));
    io.out(args.flags.has('json') ? renderJson(an) : renderText(an));
    // The table still shows the failing nodes; the status lets a script notice them.
    return an.invalid.length ? 1 : 0;
  },
};
