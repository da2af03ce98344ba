import { problemText } from '../../graph/problems';
import type { ExactForm } from '../../exact';
import { formatCount } from '../../format/number';
import { analyze, type Analysis } from '../../graph/analyze';
import { FAST_F32_MIN_MACS } from '../../graph/fast-float32';
import { layerParams, type LayerParam } from '../../graph/params';
import { sizeOf, type Value } from '../../tensor/tensor';
import { optionValue, type ParsedArgs } from '../args';
import type { Command, Io } from '../command';
import { CliError, PROGRAM } from '../errors';
import { exactColumns, type ExactColumns } from '../exact';
import { formatValue, tableLines } from '../format';
import { json, writeValue } from '../json';
import { emitStream, type Sink } from '../output';
import { SOURCE_OPTIONS, loadGraph } from '../source';
import type { Tangents } from '../../graph/forward';
import { forwardLine, forwardTangents } from '../forward';
import { fastFloat32Note } from '../fast-float32';

const exactText = (f: ExactForm | null | undefined): string => f?.text ?? '';

/** The function a call node runs, or undefined for other ops. */
const calledFn = (an: Analysis, r: Analysis['nodes'][number]): string | undefined => {
  const op = an.plan.ops[r.index];
  return op.kind === 'call' ? op.fn : undefined;
};

/** A node's problem in words, or null. */
const why = (an: Analysis, r: Analysis['nodes'][number]): string | null => (r.problem ? problemText(r.problem, an.labels) : null);

/** The table in numbering order, then d(output)/d(input) for every input; one line at a time. */
function writeText(sink: Sink, an: Analysis, exact: ExactColumns | null, fm: Tangents | null): void {
  const withErrors = an.invalid.length > 0;
  const header = [
    'node',
    'id',
    'op',
    'value f_i',
    ...(exact ? ['exact f_i'] : []),
    'gradient b_i',
    ...(exact ? ['exact b_i'] : []),
    ...(fm ? ['tangent ḟ_i'] : []),
    ...(withErrors ? ['error'] : []),
  ];
  const params = byLayer(an);
  const rows = an.nodes.flatMap((r) => [
    [
      r.label,
      r.id,
      calledFn(an, r) ?? r.op,
      formatValue(r.value),
      ...(exact ? [exactText(exact.value[r.index])] : []),
      formatValue(r.grad),
      ...(exact ? [exactText(exact.grad[r.index])] : []),
      ...(fm ? [formatValue(fm.tangent(r.index))] : []),
      ...(withErrors ? [why(an, r) ?? ''] : []),
    ],
    ...(params.get(r.index) ?? []).map((p) => [
      p.label,
      p.name,
      'param',
      formatValue(p.value),
      ...(exact ? [''] : []),
      formatValue(p.grad),
      ...(exact ? [''] : []),
      ...(fm ? [''] : []),
      ...(withErrors ? [''] : []),
    ]),
  ]);
  for (const line of tableLines(header, rows)) sink.write(`${line}\n`);
  sink.write('\n');
  const out = an.output;
  if (!out) return sink.write('no output node\n');
  if (out.value === undefined) return sink.write(`output ${out.label} has no value: ${why(an, out) ?? 'unknown error'}\n`);
  sink.write(`output ${out.label} = ${formatValue(out.value)}\n`);
  for (const r of an.nodes) {
    for (const [name, t] of Object.entries(r.state ?? {}))
      sink.write(`state of ${r.label} (${r.id}) after this pass: ${name} = ${formatValue(t)}\n`);
  }
  if (fm) sink.write(`${forwardLine(an, fm, out.label)}\n`);
  const names = Object.keys(an.gradients);
  if (!names.length && !params.size) return;
  sink.write(`\ngradient of ${out.label} with respect to each input${params.size ? ' and layer parameter' : ''}:\n`);
  for (const name of names) {
    const at = exact?.gradients[name] ? ` = ${exact.gradients[name]?.text}` : '';
    const sym = exact?.analytic[name] ? `${exact.analytic[name]?.text} = ` : '';
    sink.write(`  d ${out.label}/d ${name} = ${sym}${formatValue(an.gradients[name])}${at}\n`);
  }
  for (const p of [...params.values()].flat()) sink.write(`  d ${out.label}/d ${p.name} = ${formatValue(p.grad)}\n`);
}

/** The layers' own parameters (conv1.weight, conv1.bias), by their layer's plan index. */
function byLayer(an: Analysis): Map<number, LayerParam[]> {
  const out = new Map<number, LayerParam[]>();
  for (const p of layerParams(an)) out.set(p.index, [...(out.get(p.index) ?? []), p]);
  return out;
}

/** The parts of the --json object, in the order written. */
const SECTIONS = ['output', 'gradients', 'exact', 'analytic', 'nodes'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * Past this many elements, --json writes a tensor as its summary unless --full asks for every
 * number; with --full it leaves out the per-node section unless --only asks for it.
 */
export const LARGE_TENSOR = 100_000;

/** The sections --only asks for, or undefined without it. @throws CliError for an unknown or unusable one. */
function onlySections(args: ParsedArgs): ReadonlySet<Section> | undefined {
  const only = optionValue(args, 'only');
  if (only === undefined) return undefined;
  if (!args.flags.has('json')) throw new CliError('--only applies to --json');
  const picked = only.split(',').map((s) => s.trim());
  for (const s of picked) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new CliError(`--only takes ${SECTIONS.join(', ')}, got "${s}"`);
    if ((s === 'exact' || s === 'analytic') && !args.flags.has('exact')) throw new CliError(`--only ${s} needs --exact`);
  }
  return new Set(picked as Section[]);
}

/**
 * The sections to write: --only's, else all. With --full and a tensor over LARGE_TENSOR, output
 * and gradients only: every number of every node of a VGG stack is gigabytes of text.
 */
function sections(args: ParsedArgs, an: Analysis, io: Io): ReadonlySet<Section> {
  const only = onlySections(args);
  if (only) return only;
  const all = new Set(SECTIONS.filter((s) => args.flags.has('exact') || (s !== 'exact' && s !== 'analytic')));
  const largest = an.nodes.reduce((m, r) => Math.max(m, r.shape ? sizeOf(r.shape) : 0, ...r.owned.map((o) => o.value.data.length)), 0);
  if (largest <= LARGE_TENSOR) return all;
  if (!args.flags.has('full')) {
    io.err(
      `${PROGRAM}: tensors over ${formatCount(LARGE_TENSOR)} elements are given as {shape, elements, min, max, mean}; --full for every number\n`,
    );
    return all;
  }
  io.err(
    `${PROGRAM}: a tensor has ${formatCount(largest)} elements (over ${formatCount(LARGE_TENSOR)}), so --json --full gives output and gradients only; --only output,gradients,nodes for every node\n`,
  );
  return new Set(['output', 'gradients']);
}

/** One JSON object at full precision, written piece by piece; tensors as nested arrays, null where nothing was computed. */
function writeJson(
  sink: Sink,
  an: Analysis,
  exact: ExactColumns | null,
  parts: ReadonlySet<Section>,
  fm: Tangents | null,
  limit: number,
  file?: string,
): void {
  const value = (v: Value | undefined): void => writeValue(sink, v, limit);
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
    value(r.value);
    sink.write(',"grad":');
    value(r.grad);
    if (fm) {
      sink.write(',"tangent":');
      value(fm.tangent(r.index));
    }
    sink.write(`,"shape":${json(r.shape)},"error":${json(why(an, r))},"problem":${json(r.problem ?? null)}`);
    if (exact) sink.write(`,"exact":{"value":${cas(exact.value[r.index])},"grad":${cas(exact.grad[r.index])}}`);
    const { state } = r;
    if (state) {
      sink.write(',"state":');
      record(Object.entries(state).map(([name, t]) => [name, () => value(t)]));
    }
    sink.write('}');
  };
  const params = byLayer(an);
  const param = (p: LayerParam) => {
    sink.write(`{"id":${json(p.name)},"label":${json(p.label)},"op":"param","value":`);
    value(p.value);
    sink.write(',"grad":');
    value(p.grad);
    sink.write(`,"shape":${json(p.shape)},"error":null,"problem":null`);
    if (exact) sink.write(',"exact":{"value":null,"grad":null}');
    sink.write('}');
  };
  const writers: Record<Section, () => void> = {
    output: () => value(an.output?.value),
    gradients: () =>
      record([
        ...Object.entries(an.gradients).map(([name, g]): [string, () => void] => [name, () => value(g)]),
        ...[...params.values()].flat().map((p): [string, () => void] => [p.name, () => value(p.grad)]),
      ]),
    exact: () => casRecord(exact?.gradients ?? {}),
    analytic: () => casRecord(exact?.analytic ?? {}),
    nodes: () => {
      sink.write('[');
      an.nodes.forEach((r, i) => {
        if (i) sink.write(',');
        node(r);
        for (const p of params.get(r.index) ?? []) {
          sink.write(',');
          param(p);
        }
      });
      sink.write(']');
    },
  };
  const named: [string, () => void][] = file === undefined ? [] : [['file', () => sink.write(json(file))]];
  const tangent: [string, () => void][] = fm ? [['tangent', () => value(fm.output)]] : [];
  const f32 = an.evaluation.float32;
  const float32: [string, () => void][] = f32 ? [['float32', () => sink.write(json(f32))]] : [];
  record([...named, ...SECTIONS.filter((s) => parts.has(s)).map((s): [string, () => void] => [s, writers[s]]), ...tangent, ...float32]);
  sink.write('\n');
}

/** One graph's answer, in the form asked for; its exit status (1 when a node has no value). */
function writeOne(sink: Sink, args: ParsedArgs, io: Io, an: Analysis, file?: string): number {
  if (args.flags.has('fast-f32')) io.err(`${PROGRAM}: ${file === undefined ? '' : `${file}: `}${fastFloat32Note(an)}\n`);
  const exact = args.flags.has('exact') ? exactColumns(an) : null;
  const target = optionValue(args, 'forward');
  const fm = target === undefined ? null : forwardTangents(an, target);
  if (args.flags.has('json'))
    writeJson(sink, an, exact, sections(args, an, io), fm, args.flags.has('full') ? Infinity : LARGE_TENSOR, file);
  else writeText(sink, an, exact, fm);
  // The table still shows the failing nodes; the status lets a script notice them.
  return an.invalid.length ? 1 : 0;
}

/**
 * Several files in one run, so a fixture suite starts the program once: with --json one object
 * per line, each naming its file; as text, each table under its file's name. A file that cannot
 * be read or loaded is reported in its place (exit 2 at the end) and the others still run.
 */
function writeMany(sink: Sink, args: ParsedArgs, io: Io): number {
  let status = 0;
  args.positionals.forEach((file, i) => {
    if (!args.flags.has('json')) sink.write(`${i ? '\n' : ''}== ${file}\n`);
    try {
      status = Math.max(
        status,
        writeOne(
          sink,
          args,
          io,
          analyze(loadGraph({ ...args, positionals: [file] }, 'eval'), { fastFloat32: args.flags.has('fast-f32') }),
          file,
        ),
      );
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      status = 2;
      sink.write(args.flags.has('json') ? `{"file":${json(file)},"error":${json(e.message)}}\n` : `${PROGRAM}: ${e.message}\n`);
    }
  });
  return status;
}

/** `eval`: the forward and backward pass of a file or a formula. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a graph: values f_i, gradients b_i and d(output)/d(input)',
  synopsis: [
    '<file.json>... [--at x=2] [--exact] [--forward x] [--json [--full] [--only output,gradients]]',
    '-e <formula> --at x=2,y=1 [--define "f(u) = body"]... [--expand-sub] [--exact] [--forward x] [--json]',
    '<file.json> --fast-f32 [--json]',
  ],
  options: [
    ...SOURCE_OPTIONS,
    {
      name: 'exact',
      help: 'also give closed forms ("-6 ln 2"; in --json an "exact" object, CAS syntax: -6*log(2)) and analytic gradients',
    },
    {
      name: 'json',
      help: 'print one JSON object: output, gradients, nodes (full precision); one per line, each with its "file", for several files',
    },
    {
      name: 'fast-f32',
      help:
        `fast float32 mode: for a graph of at least ${formatCount(FAST_F32_MIN_MACS)} multiply-adds, big matrix products run in float32; ` +
        'a note on stderr (and "float32" in --json) gives their measured error against float64',
    },
    {
      name: 'forward',
      value: 'x',
      help: 'forward mode with respect to input x (or a node id or label; x[3] for one element of a tensor): a tangent column ḟ_i = d f_i/d x, and in --json a "tangent" on every node and at the top',
    },
    {
      name: 'full',
      help: `with --json, every number of every tensor; without it a tensor over ${formatCount(LARGE_TENSOR)} elements is {shape, elements, min, max, mean}`,
    },
    {
      name: 'only',
      value: 'output,gradients',
      help:
        `the parts of --json to print, of ${SECTIONS.join(', ')} (exact and analytic need --exact); ` +
        `default all, or with --full output,gradients when a tensor has over ${formatCount(LARGE_TENSOR)} elements`,
    },
  ],
  run(args, io) {
    if (args.flags.has('full') && !args.flags.has('json')) throw new CliError('--full applies to --json');
    onlySections(args);
    if (args.positionals.length > 1) {
      if (optionValue(args, 'expr') !== undefined) throw new CliError('eval takes files or -e "formula", not both');
      let status = 0;
      emitStream(args, io, (sink) => (status = writeMany(sink, args, io)));
      return status;
    }
    const an = analyze(loadGraph(args, 'eval'), { fastFloat32: args.flags.has('fast-f32') });
    let status = 0;
    emitStream(args, io, (sink) => (status = writeOne(sink, args, io, an)));
    return status;
  },
};
