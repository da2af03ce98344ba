/**
 * Learning-rate schedules as torch.optim.lr_scheduler 1.13 computes them: in their chainable form,
 * each step rescales the current learning rate, so several schedules compose as PyTorch's
 * ChainedScheduler does (a linear warm-up followed by cosine annealing, say).
 */

export const SCHEDULES = ['step', 'exponential', 'cosine', 'linear'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/**
 * One scheduler: StepLR (stepSize, gamma = 0.1), ExponentialLR (gamma), CosineAnnealingLR (tMax,
 * etaMin = 0) or LinearLR (startFactor = 1/3, endFactor = 1, totalIters = 5), PyTorch's defaults.
 */
export interface Schedule {
  readonly name: ScheduleName;
  readonly stepSize?: number;
  readonly gamma?: number;
  readonly tMax?: number;
  readonly etaMin?: number;
  readonly startFactor?: number;
  readonly endFactor?: number;
  readonly totalIters?: number;
}

/** What a schedule needs that PyTorch has no default for, or a value it refuses; null when it is complete. */
export function scheduleProblem(s: Schedule): { field: keyof Schedule; must: string } | null {
  const positiveInt = (x: number | undefined) => x !== undefined && Number.isInteger(x) && x > 0;
  if (s.name === 'step' && !positiveInt(s.stepSize)) return { field: 'stepSize', must: 'a whole number > 0' };
  if (s.name === 'exponential' && s.gamma === undefined) return { field: 'gamma', must: 'given (ExponentialLR has no default)' };
  if (s.name === 'cosine' && !positiveInt(s.tMax)) return { field: 'tMax', must: 'a whole number > 0' };
  if (s.name === 'linear') {
    const start = s.startFactor ?? 1 / 3;
    const end = s.endFactor ?? 1;
    if (!(start > 0 && start <= 1)) return { field: 'startFactor', must: 'in (0, 1]' };
    if (!(end >= 0 && end <= 1)) return { field: 'endFactor', must: 'in [0, 1]' };
    if (s.totalIters !== undefined && !positiveInt(s.totalIters)) return { field: 'totalIters', must: 'a whole number > 0' };
  }
  return null;
}

/** get_lr() of one scheduler at `epoch` (its last_epoch after the step), from the current lr and the optimizer's initial one. */
function next(s: Schedule, lr: number, base: number, epoch: number): number {
  switch (s.name) {
    case 'step':
      return epoch === 0 || epoch % (s.stepSize as number) !== 0 ? lr : lr * (s.gamma ?? 0.1);
    case 'exponential':
      return epoch === 0 ? lr : lr * (s.gamma as number);
    case 'cosine': {
      const T = s.tMax as number;
      const eta = s.etaMin ?? 0;
      if (epoch === 0) return lr;
      if ((epoch - 1 - T) % (2 * T) === 0) return lr + ((base - eta) * (1 - Math.cos(Math.PI / T))) / 2;
      return ((1 + Math.cos((Math.PI * epoch) / T)) / (1 + Math.cos((Math.PI * (epoch - 1)) / T))) * (lr - eta) + eta;
    }
    case 'linear': {
      const start = s.startFactor ?? 1 / 3;
      const end = s.endFactor ?? 1;
      const total = s.totalIters ?? 5;
      if (epoch === 0) return lr * start;
      if (epoch > total) return lr;
      return lr * (1 + (end - start) / (total * start + (epoch - 1) * (end - start)));
    }
  }
}

/** The learning rate after the schedulers are built (each constructor takes step 0). */
export const initialLr = (base: number, schedules: readonly Schedule[]): number => schedules.reduce((lr, s) => next(s, lr, base, 0), base);

/** The learning rate after the schedulers' step number `epoch` (1 after the first optimizer step). */
export const stepLr = (lr: number, base: number, epoch: number, schedules: readonly Schedule[]): number =>
  schedules.reduce((x, s) => next(s, x, base, epoch), lr);

/** The learning rate of each of the first n optimizer steps. */
export function lrSchedule(base: number, schedules: readonly Schedule[], n: number): number[] {
  const lrs: number[] = [];
  let lr = initialLr(base, schedules);
  for (let t = 0; t < n; t++) {
    lrs.push(lr);
    lr = stepLr(lr, base, t + 1, schedules);
  }
  return lrs;
}
