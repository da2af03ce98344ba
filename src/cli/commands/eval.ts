import { problemText } from '../../graph/problems';
import type { ExactForm } from '../../exact';
import { formatCount } from '../../format/number';
import { analyze, type Analysis } from '../../graph/analyze';
import { sizeOf } from '../../tensor/tensor';
import { optionValue, type ParsedArgs } from '../args';
import type { Command, Io } from '../command';
import { CliError, PROGRAM } from '../errors';
import { exactColumns, type ExactColumns } from '../exact';
import { formatValue, tableLines } from '../format';
import { json, writeValue } from '../json';
import { emitStream, type Sink } from '../output';
import { SOURCE_OPTIONS, loadGraph } from '../source';

const exactText = (f: ExactForm | null | undefined): string => f?.text ?? '';

/** The function a call node runs, or undefined for other ops. */
const calledFn = (an: Analysis, r: Analysis['nodes'][number]): string | undefined => {
  const op = an.plan.ops[r.index];
  return op.kind === 'call' ? op.fn : undefined;
};

/** A node's problem in words, or null. */
const why = (an: Analysis, r: Analysis['nodes'][number]): string | null => (r.problem ? problemText(r.problem, an.labels) : null);

/** The table in numbering order, then d(output)/d(input) for every input; one line at a time. */
function writeText(sink: Sink, an: Analysis, exact: ExactColumns | null): void {
  const withErrors = an.invalid.length > 0;
  const header = [
    'node',
    'id',
    'op',
    'value f_i',
    ...(exact ? ['exact f_i'] : []),
    'gradient b_i',
    ...(exact ? ['exact b_i'] : []),
    ...(withErrors ? ['error'] : []),
  ];
  const rows = an.nodes.map((r) => [
    r.label,
    r.id,
    calledFn(an, r) ?? r.op,
    formatValue(r.value),
    ...(exact ? [exactText(exact.value[r.index])] : []),
    formatValue(r.grad),
    ...(exact ? [exactText(exact.grad[r.index])] : []),
    ...(withErrors ? [why(an, r) ?? ''] : []),
  ]);
  for (const line of tableLines(header, rows)) sink.write(`${line}\n`);
  sink.write('\n');
  const out = an.output;
  if (!out) return sink.write('no output node\n');
  if (out.value === undefined) return sink.write(`output ${out.label} has no value: ${why(an, out) ?? 'unknown error'}\n`);
  sink.write(`output ${out.label} = ${formatValue(out.value)}\n`);
  const names = Object.keys(an.gradients);
  if (!names.length) return;
  sink.write(`\ngradient of ${out.label} with respect to each input:\n`);
  for (const name of names) {
    const at = exact?.gradients[name] ? ` = ${exact.gradients[name]?.text}` : '';
    const sym = exact?.analytic[name] ? `${exact.analytic[name]?.text} = ` : '';
    sink.write(`  d ${out.label}/d ${name} = ${sym}${formatValue(an.gradients[name])}${at}\n`);
  }
}

/** The parts of the --json object, in the order written. */
const SECTIONS = ['output', 'gradients', 'exact', 'analytic', 'nodes'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Past this many elements in one tensor, --json leaves out the per-node section unless --only
 * asks for it: every node's value and gradient of a VGG stack is gigabytes of text.
 */
export const LARGE_TENSOR = 100_000;

/** The sections to write: --only's, else all, else (a large tensor) output and gradients. */
function sections(args: ParsedArgs, an: Analysis, io: Io): ReadonlySet<Section> {
  const only = optionValue(args, 'only');
  const exact = args.flags.has('exact');
  if (only === undefined) {
    const largest = an.nodes.reduce((m, r) => Math.max(m, r.shape ? sizeOf(r.shape) : 0), 0);
    if (largest <= LARGE_TENSOR) return new Set(SECTIONS.filter((s) => exact || (s !== 'exact' && s !== 'analytic')));
    io.err(
      `${PROGRAM}: a tensor has ${formatCount(largest)} elements (over ${formatCount(LARGE_TENSOR)}), so --json gives output and gradients only; --only output,gradients,nodes for every node\n`,
    );
    return new Set(['output', 'gradients']);
  }
  const picked = only.split(',').map((s) => s.trim());
  for (const s of picked) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new CliError(`--only takes ${SECTIONS.join(', ')}, got "${s}"`);
    if ((s === 'exact' || s === 'analytic') && !exact) throw new CliError(`--only ${s} needs --exact`);
  }
  return new Set(picked as Section[]);
}

/** One JSON object at full precision, written piece by piece; tensors as nested arrays, null where nothing was computed. */
function writeJson(sink: Sink, an: Analysis, exact: ExactColumns | null, parts: ReadonlySet<Section>): void {
  const cas = (f: ExactForm | null | undefined) => json(f?.cas ?? null);
  const record = (entries: [string, () => void][]) => {
    sink.write('{');
    entries.forEach(([key, write], i) => {
      sink.write(`${i ? ',' : ''}${json(key)}:`);
      write();
    });
    sink.write('}');
  };
  const casRecord = (forms: Readonly<Record<string, ExactForm | null>>) =>
    record(Object.entries(forms).map(([name, f]) => [name, () => sink.write(cas(f))]));
  const node = (r: Analysis['nodes'][number]) => {
    const fn = calledFn(an, r);
    sink.write(`{"id":${json(r.id)},"label":${json(r.label)},"op":${json(r.op)},${fn === undefined ? '' : `"fn":${json(fn)},`}"value":`);
    writeValue(sink, r.value);
    sink.write(',"grad":');
    writeValue(sink, r.grad);
    sink.write(`,"shape":${json(r.shape)},"error":${json(why(an, r))}`);
    if (exact) sink.write(`,"exact":{"value":${cas(exact.value[r.index])},"grad":${cas(exact.grad[r.index])}}`);
    sink.write('}');
  };
  const writers: Record<Section, () => void> = {
    output: () => writeValue(sink, an.output?.value),
    gradients: () => record(Object.entries(an.gradients).map(([name, g]) => [name, () => writeValue(sink, g)])),
    exact: () => casRecord(exact?.gradients ?? {}),
    analytic: () => casRecord(exact?.analytic ?? {}),
    nodes: () => {
      sink.write('[');
      an.nodes.forEach((r, i) => {
        if (i) sink.write(',');
        node(r);
      });
      sink.write(']');
    },
  };
  record(SECTIONS.filter((s) => parts.has(s)).map((s) => [s, writers[s]]));
  sink.write('\n');
}

/** `eval`: the forward and backward pass of a file or a formula. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a graph: values f_i, gradients b_i and d(output)/d(input)',
  synopsis: [
    '<file.json> [--at x=2] [--exact] [--json [--only output,gradients]]',
    '-e <formula> --at x=2,y=1 [--define "f(u) = body"]... [--expand-sub] [--exact] [--json]',
  ],
  options: [
    ...SOURCE_OPTIONS,
    {
      name: 'exact',
      help: 'also give closed forms ("-6 ln 2"; in --json an "exact" object, CAS syntax: -6*log(2)) and analytic gradients',
    },
    { name: 'json', help: 'print one JSON object: output, gradients, nodes (full precision)' },
    {
      name: 'only',
      value: 'output,gradients',
      help:
        `the parts of --json to print, of ${SECTIONS.join(', ')} (exact and analytic need --exact); ` +
        `default all, or output,gradients when a tensor has over ${formatCount(LARGE_TENSOR)} elements`,
    },
  ],
  run(args, io) {
    if (optionValue(args, 'only') !== undefined && !args.flags.has('json')) throw new CliError('--only applies to --json');
    const an = analyze(loadGraph(args, 'eval'));
    const exact = args.flags.has('exact') ? exactColumns(an) : null;
    const parts = args.flags.has('json') ? sections(args, an, io) : null;
    emitStream(args, io, (sink) => (parts ? writeJson(sink, an, exact, parts) : writeText(sink, an, exact)));
    // The table still shows the failing nodes; the status lets a script notice them.
    return an.invalid.length ? 1 : 0;
  },
};
