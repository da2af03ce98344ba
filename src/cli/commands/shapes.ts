import { BYTES_PER_ELEMENT, BYTES_PER_KB } from '../../format/memory';
import { formatCli, formatCount } from '../../format/number';
import { formatShape } from '../../format/shape';
import { analyze } from '../../graph/analyze';
import { problemText } from '../../graph/problems';
import { FLOP_CONVENTION_TEXT, flops, summarize, type FlopConvention } from '../../graph/summary';
import type { Command } from '../command';
import { CliError } from '../errors';
import { tableLines } from '../format';
import { json } from '../json';
import { emitStream } from '../output';
import { readDocument } from '../source';

/** `shapes`: the layer table (shape, parameters, memory, FLOPs per node, and totals), like torchinfo. */
export const shapesCommand: Command = {
  name: 'shapes',
  summary: 'print the layer table: output shape, parameters, memory (KB) and FLOPs per node, with totals',
  synopsis: ['<file.json> [--flops macs|2macs] [--json]'],
  options: [
    { name: 'flops', value: 'macs|2macs', help: 'count FLOPs as multiply-adds (the exams, default) or as 2 × MACs' },
    { name: 'json', help: 'print one JSON object: rows and totals' },
  ],
  run(args, io) {
    const [path, ...extra] = args.positionals;
    if (!path || extra.length) throw new CliError("shapes needs exactly one file (see 'backprop help shapes')");
    const conv = (args.values.get('flops')?.[0] ?? 'macs') as FlopConvention;
    if (conv !== 'macs' && conv !== '2macs') throw new CliError(`--flops must be macs or 2macs, got "${conv}"`);
    const an = analyze(readDocument(path), { shapesOnly: true });
    const { rows: summary, totals } = summarize(an);
    const rows = summary.map(({ problem, ...r }) => ({ ...r, error: problem ? problemText(problem, an.labels) : null }));
    emitStream(args, io, (sink) => {
      if (args.flags.has('json')) {
        // One row at a time: a 130,000-node graph's rows are tens of megabytes.
        sink.write(`{"convention":${json(FLOP_CONVENTION_TEXT[conv])},"rows":[`);
        rows.forEach((r, i) => sink.write(`${i ? ',' : ''}${json({ ...r, flops: flops(r.macs, conv) })}`));
        sink.write(`],"totals":${json({ ...totals, flops: flops(totals.macs, conv) })}}\n`);
        return;
      }
      const table = rows.map((r) => [
        r.label,
        r.id,
        r.op,
        r.shape ? formatShape(r.shape) : '?',
        r.params ? formatCount(r.params) : '0',
        r.memoryKB === null ? '?' : formatCli(r.memoryKB),
        formatCount(flops(r.macs, conv)),
        r.error ?? '',
      ]);
      table.push(['total', '', '', '', formatCount(totals.params), formatCli(totals.memoryKB), formatCount(flops(totals.macs, conv)), '']);
      for (const line of tableLines(['label', 'id', 'op', 'output shape', 'params', 'memory KB', 'FLOPs', 'error'], table))
        sink.write(`${line}\n`);
      sink.write(`memory: elements × ${BYTES_PER_ELEMENT} bytes, KB = ${BYTES_PER_KB} bytes; ${FLOP_CONVENTION_TEXT[conv]}\n`);
    });
    return summary.some((r) => r.problem) ? 1 : 0;
  },
};
