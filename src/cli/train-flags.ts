/** The `train` command's optimizer and schedule flags, read into the document's training settings. */
import type { OptionSpec, ParsedArgs } from './args';
import { optionValue } from './args';
import { CliError } from './errors';
import { OPTIMIZERS, type OptimizerName } from '../graph/optim/optimizers';
import { SCHEDULES, type Schedule } from '../graph/optim/schedules';
import type { Training } from '../graph/schema';

/** The choices of --optimizer: PyTorch's optimizers, and SGD with momentum or Nesterov by name. */
const CHOICES = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;

/** Each hyperparameter flag, PyTorch's argument name with dashes, and the optimizers that take it. */
const NUMERIC = [
  { flag: 'momentum', field: 'momentum', for: ['sgd', 'rmsprop'] },
  { flag: 'dampening', field: 'dampening', for: ['sgd'] },
  { flag: 'weight-decay', field: 'weightDecay', for: OPTIMIZERS },
  { flag: 'alpha', field: 'alpha', for: ['rmsprop'] },
  { flag: 'eps', field: 'eps', for: ['rmsprop', 'adagrad', 'adam', 'adamw'] },
  { flag: 'lr-decay', field: 'lrDecay', for: ['adagrad'] },
  { flag: 'initial-accumulator-value', field: 'initialAccumulatorValue', for: ['adagrad'] },
] as const;
const BOOLEAN = [
  { flag: 'nesterov', field: 'nesterov', for: ['sgd'] },
  { flag: 'centered', field: 'centered', for: ['rmsprop'] },
  { flag: 'amsgrad', field: 'amsgrad', for: ['adam', 'adamw'] },
] as const;

export const TRAIN_FLAG_OPTIONS: readonly OptionSpec[] = [
  { name: 'optimizer', value: CHOICES.join('|'), help: "the optimizer (default: the document's)" },
  { name: 'lr', value: 'rate', help: "learning rate (PyTorch's default per optimizer; SGD needs one)" },
  { name: 'momentum', value: 'm', help: 'momentum of SGD or RMSProp (0; 0.9 for --optimizer momentum or nesterov)' },
  { name: 'dampening', value: 'd', help: 'dampening of SGD momentum (0)' },
  { name: 'nesterov', help: 'Nesterov momentum (SGD)' },
  { name: 'betas', value: 'b1,b2', help: 'Adam and AdamW moment decays (0.9,0.999)' },
  { name: 'eps', value: 'e', help: 'term added to the denominator (1e-8; Adagrad 1e-10)' },
  { name: 'weight-decay', value: 'w', help: 'L2 penalty (0; AdamW decoupled 0.01)' },
  { name: 'alpha', value: 'a', help: 'RMSProp smoothing constant (0.99)' },
  { name: 'centered', help: 'centered RMSProp' },
  { name: 'amsgrad', help: 'AMSGrad variant of Adam and AdamW' },
  { name: 'lr-decay', value: 'd', help: 'Adagrad learning-rate decay (0)' },
  { name: 'initial-accumulator-value', value: 'v', help: 'Adagrad starting sum of squares (0)' },
  {
    name: 'schedule',
    value: 'name:arg=v,...',
    repeatable: true,
    help: 'learning-rate schedule, chained in order: step:step_size=10,gamma=0.1 | exponential:gamma=0.9 | cosine:T_max=100,eta_min=0 | linear:start_factor=0.1,total_iters=5',
  },
];

const RULE_TEXT = {
  number: 'a number',
  'non-negative': 'a non-negative number',
  integer: 'an integer',
  'positive integer': 'a positive integer',
};

/** A number from a flag, or a message naming the flag. */
export function numberFlag(
  args: ParsedArgs,
  flag: string,
  rule: 'number' | 'non-negative' | 'positive integer' | 'integer',
): number | undefined {
  const text = optionValue(args, flag);
  if (text === undefined) return undefined;
  const x = text.trim() === '' ? NaN : Number(text);
  const ok =
    Number.isFinite(x) &&
    (rule === 'number' ||
      (rule === 'non-negative' && x >= 0) ||
      (rule === 'integer' && Number.isInteger(x)) ||
      (rule === 'positive integer' && Number.isInteger(x) && x > 0));
  if (!ok) throw new CliError(`--${flag} must be ${RULE_TEXT[rule]}, got "${text}"`);
  return x;
}

/** Schedule arguments by PyTorch's names. */
const SCHEDULE_ARGS: Record<string, keyof Schedule> = {
  step_size: 'stepSize',
  gamma: 'gamma',
  T_max: 'tMax',
  eta_min: 'etaMin',
  start_factor: 'startFactor',
  end_factor: 'endFactor',
  total_iters: 'totalIters',
};
const ARGS_OF: Record<Schedule['name'], string[]> = {
  step: ['step_size', 'gamma'],
  exponential: ['gamma'],
  cosine: ['T_max', 'eta_min'],
  linear: ['start_factor', 'end_factor', 'total_iters'],
};

/** `cosine:T_max=100,eta_min=0` as a schedule. */
export function parseSchedule(text: string): Schedule {
  const [name, rest = ''] = text.split(/:(.*)/s);
  if (!(SCHEDULES as readonly string[]).includes(name))
    throw new CliError(`--schedule ${JSON.stringify(text)}: unknown schedule "${name}" (use ${SCHEDULES.join(', ')})`);
  const sch: Record<string, unknown> = { name };
  for (const part of rest ? rest.split(',') : []) {
    const [key, value] = part.split('=');
    if (!ARGS_OF[name as Schedule['name']].includes(key))
      throw new CliError(`--schedule ${name}: unknown argument "${key}" (${name} takes ${ARGS_OF[name as Schedule['name']].join(', ')})`);
    const x = value === undefined || value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(x)) throw new CliError(`--schedule ${name}: ${key} must be a number, got "${value ?? ''}"`);
    sch[SCHEDULE_ARGS[key]] = x;
  }
  return sch as unknown as Schedule;
}

/** The optimizer the flags describe, or null when --optimizer is not given (the document's is used). */
export function optimizerFromFlags(args: ParsedArgs): Training['optimizer'] | null {
  const choice = optionValue(args, 'optimizer');
  if (choice === undefined) {
    const stray = [...NUMERIC, ...BOOLEAN, { flag: 'lr' }, { flag: 'betas' }].find(
      (f) => args.values.has(f.flag) || args.flags.has(f.flag),
    );
    if (stray) throw new CliError(`--${stray.flag} needs --optimizer: the optimizer it belongs to`);
    return null;
  }
  if (!(CHOICES as readonly string[]).includes(choice))
    throw new CliError(`--optimizer must be one of ${CHOICES.join(', ')}, got "${choice}"`);
  const name: OptimizerName = choice === 'momentum' || choice === 'nesterov' ? 'sgd' : (choice as OptimizerName);
  const opt: Record<string, unknown> = { name };
  const lr = numberFlag(args, 'lr', 'non-negative');
  if (lr !== undefined) opt.lr = lr;
  else if (name === 'sgd') throw new CliError(`--optimizer ${choice} needs a learning rate: --lr 0.1 (PyTorch's SGD has no default)`);
  const refuse = (flag: string, takers: readonly string[]) => {
    throw new CliError(`--${flag} does not apply to --optimizer ${choice} (it is for ${takers.join(', ')})`);
  };
  for (const f of NUMERIC) {
    const x = numberFlag(args, f.flag, f.flag === 'dampening' ? 'number' : 'non-negative');
    if (x === undefined) continue;
    if (!(f.for as readonly string[]).includes(name)) refuse(f.flag, f.for);
    opt[f.field] = x;
  }
  for (const f of BOOLEAN) {
    if (!args.flags.has(f.flag)) continue;
    if (!(f.for as readonly string[]).includes(name)) refuse(f.flag, f.for);
    opt[f.field] = true;
  }
  if (choice === 'nesterov') opt.nesterov = true;
  if ((choice === 'momentum' || choice === 'nesterov') && opt.momentum === undefined) opt.momentum = 0.9;
  const betas = optionValue(args, 'betas');
  if (betas !== undefined) {
    if (name !== 'adam' && name !== 'adamw') refuse('betas', ['adam', 'adamw']);
    const b = betas.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
    if (b.length !== 2 || !b.every((x) => x >= 0 && x < 1))
      throw new CliError(`--betas must be two numbers in [0, 1) such as 0.9,0.999, got "${betas}"`);
    opt.betas = b;
  }
  if (opt.nesterov && (!((opt.momentum as number) > 0) || (opt.dampening ?? 0) !== 0))
    throw new CliError('--nesterov needs a momentum > 0 and zero dampening (as PyTorch requires)');
  return opt as Training['optimizer'];
}
