/**
 * The `backprop` command line: `npm run --silent backprop -- <command>` runs this file with tsx.
 * Every error ends here as one line on stderr and exit status 2.
 */
import { runCli } from './cli';
import { errorLine } from './errors';

// `backprop eval big.json | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit();
});

try {
  process.exitCode = runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
} catch (e) {
  process.stderr.write(`${errorLine(e)}\n`);
  process.exitCode = 2;
}
