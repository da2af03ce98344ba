import { formatCount } from '../../format/number';
import { analyze } from '../../graph/analyze';
import { modeCosts } from '../../graph/mode-cost';
import type { Command } from '../command';
import { CliError } from '../errors';
import { tableLines } from '../format';
import { json } from '../json';
import { emit } from '../output';
import { SOURCE_OPTIONS, loadGraph } from '../source';

/** `modes`: why reverse mode suits many inputs and one output: passes and operations of both modes for this graph. */
export const modesCommand: Command = {
  name: 'modes',
  summary: 'count the passes and operations reverse mode and forward mode need for every gradient of the output',
  synopsis: ['<file.json> [--json]', '-e <formula> --at x=2,y=1 [--json]'],
  options: [...SOURCE_OPTIONS, { name: 'json', help: 'print one JSON object: values, reverse, forward, inputs' }],
  run(args, io) {
    const an = analyze(loadGraph(args, 'modes'), { shapesOnly: true });
    const costs = modeCosts(an.plan);
    if (!costs) throw new CliError('modes needs a graph with an output node');
    if (args.flags.has('json')) {
      const inputs = costs.inputs.map(({ name, passes, productsPerPass }) => ({ name, passes, productsPerPass }));
      emit(args, io, `${json({ values: costs.values, reverse: costs.reverse, forward: costs.forward, inputs })}\n`);
      return 0;
    }
    const { reverse, forward } = costs;
    const lines = [
      ...tableLines(
        ['mode', 'passes', 'value ops', 'chain-rule products', 'operations'],
        [
          [
            'reverse',
            `${reverse.passes} (1 forward, 1 backward)`,
            formatCount(costs.values),
            formatCount(reverse.products),
            formatCount(reverse.operations),
          ],
          [
            'forward',
            `${formatCount(forward.passes)} (1 per input element)`,
            formatCount(forward.passes * costs.values),
            formatCount(forward.products),
            formatCount(forward.operations),
          ],
        ],
      ),
      '',
      ...tableLines(
        ['input', 'forward passes', 'products per pass'],
        costs.inputs.map((s) => [s.name, formatCount(s.passes), formatCount(s.productsPerPass)]),
      ),
      '',
      'operations are scalar multiply-adds: the values once per pass, and one product per edge and output element (a tensor op: its multiply-adds)',
    ];
    emit(args, io, `${lines.join('\n')}\n`);
    return 0;
  },
};
