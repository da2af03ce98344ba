import { formatCli } from '../../format/number';
import { heldOutAccuracy } from '../../graph/optim/accuracy';
import { train, withTraining } from '../../graph/optim/loop';
import type { GraphDocument, Training } from '../../graph/schema';
import { optionValue } from '../args';
import type { Command } from '../command';
import { CliError } from '../errors';
import { formatValue } from '../format';
import { json, writeValue } from '../json';
import { documentText, writeText } from '../output';
import { readDocument } from '../source';
import { numberFlag, optimizerFromFlags, parseSchedule, TRAIN_FLAG_OPTIONS } from '../train-flags';
import { loadDataSet } from '../datasets';

/** At most this many rows in the loss table: the first steps, every k-th, and the last. */
const TABLE_ROWS = 20;

/** The document's training settings with the flags applied on top (a fresh run when they change anything). */
function settings(doc: GraphDocument, args: Parameters<Command['run']>[0]): GraphDocument {
  const optimizer = optimizerFromFlags(args) ?? doc.training?.optimizer;
  if (!optimizer) throw new CliError('train needs an optimizer: --optimizer adam (or a document whose training names one)');
  const scheduleTexts = args.values.get('schedule');
  const schedules = scheduleTexts ? scheduleTexts.map(parseSchedule) : doc.training?.schedules;
  let data: Training['data'] = doc.training?.data;
  const batchSize = numberFlag(args, 'batch-size', 'positive integer');
  const seed = numberFlag(args, 'seed', 'integer');
  const inputs = optionValue(args, 'data')?.split(',');
  if (batchSize !== undefined)
    data = { ...data, inputs: inputs ?? data?.inputs ?? dataInputs(doc), batchSize, seed: seed ?? data?.seed ?? 0 };
  else if (seed !== undefined || inputs)
    throw new CliError(`--${seed !== undefined ? 'seed' : 'data'} shuffles minibatches: give --batch-size too`);
  return withTraining(doc, { optimizer, schedules, data });
}

/** Without --data: every input that is neither trainable nor a scalar, which must then share their first axis. */
function dataInputs(doc: GraphDocument): string[] {
  const ids = doc.nodes
    .filter((nd) => nd.op === 'input' && nd.params?.trainable !== true && typeof nd.value === 'object')
    .map((nd) => nd.id);
  if (!ids.length) throw new CliError('--batch-size needs a data set: an input tensor whose first axis is the samples');
  return ids;
}

/** `train`: N optimizer steps on the trainable inputs, as torch.optim takes them. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train the trainable inputs for N steps with a torch.optim optimizer; print the losses',
  synopsis: [
    '<file.json> --optimizer sgd|momentum|nesterov|rmsprop|adagrad|adam|adamw [--lr 0.1] [hyperparameters] --steps N',
    '    [--schedule cosine:T_max=100] [--batch-size B [--seed S] [--data x,t]] [--json] [-o trained.json]',
  ],
  options: [
    ...TRAIN_FLAG_OPTIONS,
    { name: 'steps', value: 'N', help: 'optimizer steps to take (required)' },
    { name: 'batch-size', value: 'B', help: 'train on minibatches of B samples of the data inputs, reshuffled every epoch' },
    { name: 'seed', value: 'S', help: 'seed of the shuffle (mulberry32; default 0)' },
    { name: 'data', value: 'x,t', help: 'the inputs that are the data set (default: every non-trainable tensor input)' },
    { name: 'json', help: 'print {"losses": [L0, ..., LN], "params": {name: value}}' },
    { name: 'output', short: 'o', value: 'file.json', help: 'write the trained document, with its optimizer state, to this file' },
  ],
  run(args, io) {
    const [path, ...extra] = args.positionals;
    if (!path || extra.length) throw new CliError("train needs exactly one file (see 'backprop help train')");
    const steps = numberFlag(args, 'steps', 'integer');
    if (steps === undefined || steps < 0)
      throw new CliError(`train needs a number of steps ≥ 0: --steps 100${steps === undefined ? '' : `, got ${steps}`}`);
    const doc = settings(readDocument(path), args);
    const source = doc.training?.data?.source;
    const dataset = source === undefined ? undefined : loadDataSet(source);
    let run, acc;
    try {
      run = train(doc, { steps, dataset });
      if (run.doc.training?.data?.heldOut) acc = heldOutAccuracy(run.doc, dataset);
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`${path}: ${(e as Error).message}`);
    }
    const out = optionValue(args, 'output');
    if (args.flags.has('json')) {
      // Stdout even with -o, which takes the trained document.
      const parts: string[] = [`{"losses":${json(run.losses)},"params":{`];
      const sink = { write: (text: string) => void parts.push(text) };
      Object.entries(run.params).forEach(([name, v], i) => {
        sink.write(`${i ? ',' : ''}${json(name)}:`);
        writeValue(sink, v);
      });
      io.out(`${parts.join('')}}}\n`);
    } else {
      const o = doc.training?.optimizer;
      io.out(`${o?.name} ${json(o)}${run.resumedFrom ? `, resumed at step ${run.resumedFrom}` : ''}\n`);
      const every = Math.max(1, Math.ceil(steps / TABLE_ROWS));
      io.out('step  lr  loss\n');
      run.losses.forEach((loss, k) => {
        if (k % every === 0 || k === steps)
          io.out(`${run.resumedFrom + k}  ${k < steps ? formatCli(run.lrs[k]) : '-'}  ${formatCli(loss)}\n`);
      });
      for (const [name, v] of Object.entries(run.params)) io.out(`${name} = ${formatValue(v)}\n`);
      if (acc) {
        io.out(`held-out accuracy: ${formatCli((100 * acc.correct) / acc.total)}% (${acc.correct} of ${acc.total})\n`);
      }
    }
    if (out !== undefined) writeText(out, documentText(run.doc));
    return 0;
  },
};
