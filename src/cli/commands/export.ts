import { validateDocument } from '../../graph/load';
import { optionValue } from '../args';
import type { Command } from '../command';
import { issuesError } from '../errors';
import { EXPECTED_OPTION, withFreshExpected } from '../fixture';
import { documentText, emit } from '../output';
import { SOURCE_OPTIONS, loadGraph } from '../source';
import { diagramText, DIAGRAM_OPTIONS } from '../diagram';

/** `export`: writes the graph document built from a formula (or a file with new values). */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write the graph document of a formula, to open in the editor',
  synopsis: [
    '-e <formula> --at x=2,y=1 [--define "f(u) = body"]... [--expand-sub] [--title T] [--expected] [-o file.json]',
    '<file.json> --at x=2 [--expected] [-o file.json]',
    '<file.json> --format dot|mermaid [--forward x] [-o graph.dot]',
  ],
  options: [
    ...SOURCE_OPTIONS,
    { name: 'title', value: 'text', help: 'the title shown in the editor' },
    EXPECTED_OPTION,
    { name: 'output', short: 'o', value: 'file.json', help: 'write to this file instead of stdout' },
    ...DIAGRAM_OPTIONS,
  ],
  run(args, io) {
    const diagram = diagramText(args);
    if (diagram !== null) {
      emit(args, io, diagram);
      return 0;
    }
    const title = optionValue(args, 'title');
    const loaded = loadGraph(args, 'export');
    const doc = args.flags.has('expected') ? withFreshExpected(loaded, io) : loaded;
    // Validating again refuses what the editor would not open (a title over 500 characters), and
    // gives the keys in schema order, so the title lands next to the version.
    const checked = validateDocument(title === undefined ? doc : { ...doc, title });
    if (!checked.ok) throw issuesError('the exported document would not be valid', checked.issues);
    emit(args, io, documentText(checked.doc));
    return 0;
  },
};
