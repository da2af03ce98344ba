import { fixtureProblemText, FIXTURE_MAX_MACS, makeExpected, withExpected } from '../graph/expected';
import type { GraphDocument } from '../graph/schema';
import type { OptionSpec } from './args';
import type { Io } from './command';
import { CliError, PROGRAM } from './errors';

/** `--expected`, on every command that writes a document. */
export const EXPECTED_OPTION: OptionSpec = {
  name: 'expected',
  help: "add an 'expected' block (the output, every node's value, gradient and shape, tol 1e-9): a fixture 'check' passes",
};

/**
 * The document with a fresh expected block computed by the engine. A graph too large to evaluate
 * gets shapes only, said on stderr.
 * @throws CliError naming every node that has no value to expect.
 */
export function withFreshExpected(doc: GraphDocument, io: Io): GraphDocument {
  const res = makeExpected(doc);
  if (!res.ok) {
    throw new CliError(`cannot write the expected block:\n${res.problems.map((p) => `  ${fixtureProblemText(p)}`).join('\n')}`);
  }
  if (res.shapesOnly) {
    io.err(
      `${PROGRAM}: the graph is too large to evaluate for a fixture (${res.macs.toExponential(2)} multiply-adds, over ${FIXTURE_MAX_MACS.toExponential(0)}): the expected block states shapes only\n`,
    );
  }
  return withExpected(doc, res.expected);
}
