import { analyze, type Analysis } from '../../graph/analyze';
import type { ExactForm } from '../../graph/exact';
import type { Command } from '../command';
import { exactColumns, type ExactColumns } from '../exact';
import { formatValue, jsonValue, renderTable } from '../format';
import { SOURCE_OPTIONS, loadGraph } from '../source';

const exactText = (f: ExactForm | null | undefined): string => f?.text ?? '';

/** The table in numbering order, then d(output)/d(input) for every input. */
function renderText(an: Analysis, exact: ExactColumns | null): string {
  const withErrors = an.invalid.length > 0;
  const header = ['node', 'id', 'op', 'value f_i', ...(exact ? ['exact f_i'] : []), 'gradient b_i', ...(exact ? ['exact b_i'] : []), ...(withErrors ? ['error'] : [])];
  const rows = an.nodes.map((r) => [
    r.label, r.id, r.op, formatValue(r.value), ...(exact ? [exactText(exact.value[r.index])] : []),
    formatValue(r.grad), ...(exact ? [exactText(exact.grad[r.index])] : []), ...(withErrors ? [r.error ?? ''] : []),
  ]);
  const out = an.output;
  const lines = [renderTable(header, rows), ''];
  if (!out) lines.push('no output node');
  else if (out.value === undefined) lines.push(`output ${out.label} has no value: ${out.error ?? 'unknown error'}`);
  else {
    lines.push(`output ${out.label} = ${formatValue(out.value)}`);
    const names = Object.keys(an.gradients);
    if (names.length) {
      lines.push('', `gradient of ${out.label} with respect to each input:`);
      lines.push(...names.map((name) => {
        const at = exact?.gradients[name] ? ` = ${exact.gradients[name]?.text}` : '';
        const sym = exact?.analytic[name] ? `${exact.analytic[name]?.text} = ` : '';
        return `  d ${out.label}/d ${name} = ${sym}${formatValue(an.gradients[name])}${at}`;
      }));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One JSON object at full precision; tensors as nested arrays, null where nothing was computed. */
function renderJson(an: Analysis, exact: ExactColumns | null): string {
  const cas = (f: ExactForm | null | undefined) => f?.cas ?? null;
  return `${JSON.stringify({
    output: jsonValue(an.output?.value),
    gradients: Object.fromEntries(Object.entries(an.gradients).map(([name, g]) => [name, jsonValue(g)])),
    ...(exact ? {
      exact: Object.fromEntries(Object.entries(exact.gradients).map(([name, f]) => [name, cas(f)])),
      analytic: Object.fromEntries(Object.entries(exact.analytic).map(([name, f]) => [name, cas(f)])),
    } : {}),
    nodes: an.nodes.map((r) => ({
      id: r.id, label: r.label, op: r.op, value: jsonValue(r.value), grad: jsonValue(r.grad), shape: r.shape, error: r.error,
      ...(exact ? { exact: { value: cas(exact.value[r.index]), grad: cas(exact.grad[r.index]) } } : {}),
    })),
  })}\n`;
}

/** `eval`: the forward and backward pass of a file or a formula. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a graph: values f_i, gradients b_i and d(output)/d(input)',
  synopsis: ['<file.json> [--at x=2] [--exact] [--json]', '-e <formula> --at x=2,y=1 [--expand-sub] [--exact] [--json]'],
  options: [
    ...SOURCE_OPTIONS,
    { name: 'exact', help: 'also give closed forms ("-6 ln 2"; in --json an "exact" object, CAS syntax: -6*log(2)) and analytic gradients' },
    { name: 'json', help: 'print one JSON object: output, gradients, nodes (full precision)' },
  ],
  run(args, io) {
    const an = analyze(loadGraph(args, 'eval'));
    const exact = args.flags.has('exact') ? exactColumns(an) : null;
    io.out(args.flags.has('json') ? renderJson(an, exact) : renderText(an, exact));
    // The table still shows the failing nodes; the status lets a script notice them.
    return an.invalid.length ? 1 : 0;
  },
};
