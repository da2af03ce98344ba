import { formatCli } from '../../format/number';
import { sgdStep } from '../../graph/train';
import { optionValue } from '../args';
import type { Command } from '../command';
import { CliError } from '../errors';
import { EXPECTED_OPTION, withFreshExpected } from '../fixture';
import { documentText, writeText } from '../output';
import { formatValue } from '../format';
import { fractionsOf } from '../exact';
import { readDocument } from '../source';
import type { Value } from '../../tensor/tensor';

function positiveNumber(text: string | undefined, name: string, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) {
    throw new CliError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"`);
  }
  return x;
}

/** `step`: one SGD update of the trainable inputs; prints the loss before and after and the new values. */
export const stepCommand: Command = {
  name: 'step',
  summary: 'apply one SGD update to the trainable inputs; print the loss before and after',
  synopsis: ['<file.json> --lr 1 [--mean [--batch N]] [-o updated.json [--expected]]'],
  options: [
    { name: 'lr', value: 'rate', help: 'learning rate (required)' },
    { name: 'mean', help: 'average the gradient over the batch instead of summing it' },
    { name: 'batch', value: 'N', help: "batch size for --mean (default: read from the loss's input)" },
    { name: 'output', short: 'o', value: 'file.json', help: 'write the updated document to this file' },
    { ...EXPECTED_OPTION, help: `${EXPECTED_OPTION.help}; with -o, for the updated document` },
  ],
  run(args, io) {
    const [path, ...extra] = args.positionals;
    if (!path || extra.length) throw new CliError("step needs exactly one file (see 'backprop help step')");
    const lr = positiveNumber(optionValue(args, 'lr'), 'lr');
    if (lr === undefined) throw new CliError('step needs a learning rate: --lr 0.1');
    const batch = positiveNumber(optionValue(args, 'batch'), 'batch', true);
    const out = optionValue(args, 'output');
    if (args.flags.has('expected') && out === undefined)
      throw new CliError('--expected adds the expected block to the document written with -o: pass -o updated.json');
    let res;
    try {
      res = sgdStep(readDocument(path), { lr, mean: args.flags.has('mean'), batch });
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`${path}: ${(e as Error).message}`);
    }
    const how = args.flags.has('mean') ? `gradient averaged over a batch of ${res.batch}` : 'gradient summed';
    io.out(`SGD step, lr ${formatCli(lr)}, ${how}\n`);
    const exactly = (v: Value) => {
      const f = fractionsOf(v);
      return f && f !== formatValue(v) && f !== formatCli(v as number) ? ` (exactly ${f})` : '';
    };
    io.out(`loss before: ${formatCli(res.lossBefore)}${exactly(res.lossBefore)}\n`);
    io.out(`loss after:  ${res.lossAfter === undefined ? '(no value)' : `${formatCli(res.lossAfter)}${exactly(res.lossAfter)}`}\n`);
    for (const [name, v] of Object.entries(res.params)) io.out(`${name} = ${formatValue(v)}${exactly(v)}\n`);
    if (res.lossAfter !== undefined && res.lossAfter > res.lossBefore) io.out('the loss went up: the learning rate is too high\n');
    if (out !== undefined) writeText(out, documentText(args.flags.has('expected') ? withFreshExpected(res.doc, io) : res.doc));
    return 0;
  },
};
