/**
 * The `backprop` command line: `npm run --silent backprop -- <command>` runs this file, bundled
 * by scripts/backprop.mjs (rebuilt when a source changes) so that it starts in plain Node.
 * Every error ends here as one line on stderr and exit status 2.
 */
import { terminalText } from '../escape/text';
import { runCli } from './cli';
import { errorLine } from './errors';
import { startOnDemand } from '../ops/tensor/wasm/threads';
import { startNodeThreads, threadsWanted } from './threads';

// `backprop eval big.json | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit();
});

// Messages quote labels and ids from the document: on stderr, and on stdout when it is a
// terminal, no control character in them may act (an escape sequence, a bidi override). Output
// going to a file or a pipe is data (a script, a figure, JSON) and is written as it is.
const out = (text: string) => process.stdout.write(process.stdout.isTTY ? terminalText(text) : text);
const err = (text: string) => process.stderr.write(terminalText(text));

// Helper threads for big matrix products start at the first product big enough to share (about
// 20 ms to be ready), so a command that computes nothing big starts none.
// BACKPROP_THREADS=1 keeps every product on this thread (results are the same bits either way).
startOnDemand(() => startNodeThreads(threadsWanted(process.env.BACKPROP_THREADS) - 1));

try {
  process.exitCode = runCli(process.argv.slice(2), { out, err });
} catch (e) {
  err(`${errorLine(e)}\n`);
  process.exitCode = 2;
}
