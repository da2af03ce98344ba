import { toDot } from '../export/dot';
import { diagramOf } from '../export/graph-text';
import { toMermaid } from '../export/mermaid';
import { analyze } from '../graph/analyze';
import { optionValue, type OptionSpec, type ParsedArgs } from './args';
import { CliError } from './errors';
import { forwardTangents } from './forward';
import { loadGraph } from './source';

const FORMATS = ['json', 'dot', 'mermaid'] as const;

/** `export --format`: the document (json, the default), or the diagram as Graphviz DOT or a Mermaid flowchart. */
export const DIAGRAM_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'format',
    value: FORMATS.join('|'),
    help: 'json (the document, default), dot (Graphviz) or mermaid: values and gradients as edge labels',
  },
  { name: 'forward', value: 'x', help: 'with dot or mermaid: each edge also carries the tangent ḟ_i = d f_i/d x' },
];

/** The DOT or Mermaid text `export` writes, or null for the document itself. */
export function diagramText(args: ParsedArgs): string | null {
  const format = optionValue(args, 'format') ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) throw new CliError(`--format takes ${FORMATS.join(', ')}, got "${format}"`);
  const target = optionValue(args, 'forward');
  if (format === 'json') {
    if (target !== undefined) throw new CliError('--forward applies to --format dot or mermaid');
    return null;
  }
  for (const flag of ['expected', 'title']) {
    if (args.flags.has(flag) || optionValue(args, flag) !== undefined)
      throw new CliError(`--${flag} applies to the document (--format json)`);
  }
  const an = analyze(loadGraph(args, 'export'));
  const diagram = diagramOf(an, target === undefined ? null : forwardTangents(an, target));
  return format === 'dot' ? toDot(diagram) : toMermaid(diagram);
}
