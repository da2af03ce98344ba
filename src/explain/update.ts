/**
 * One optimizer update of one number written out for a learner, in the textbook form with the
 * numbers filled in ("m ← β₁·m + (1 − β₁)·g = 0.9·0 + 0.1·(−4) = −0.4; ..."). The new θ is the
 * one torch.optim's equations give (src/graph/optim/optimizers.ts computes it), so what is shown
 * is what the run did.
 */
import { formatExplanation, latexDecimal } from '../format/number';
import { update, type FullSettings, type ParamState } from '../graph/optim/optimizers';

export interface UpdateLine {
  /** What the line computes: "m", "v̂", "θ". */
  readonly name: string;
  readonly latex: string;
  readonly value: number;
}

const num = (x: number): string => latexDecimal(formatExplanation(x));
/** A number as a factor: negative ones in parentheses. */
const par = (x: number): string => (x < 0 ? `(${num(x)})` : num(x));

/** The state of element `i` as a one-element state, for update(). */
function stateAt(state: ParamState, i: number): ParamState {
  const out: ParamState = {};
  if (state.step !== undefined) out.step = state.step;
  for (const k of ['momentumBuffer', 'expAvg', 'expAvgSq', 'maxExpAvgSq', 'squareAvg', 'gradAvg', 'sum'] as const) {
    const a = state[k];
    if (a) out[k] = Float64Array.of(a[i]);
  }
  return out;
}

/**
 * The lines of one update of element `i` of a parameter at learning rate `lr`, given its value,
 * gradient and the optimizer state before the step (which is not changed).
 */
export function explainUpdate(s: FullSettings, lr: number, theta: number, grad: number, state: ParamState, i = 0): UpdateLine[] {
  const before = stateAt(state, i);
  const after = stateAt(state, i);
  const p = Float64Array.of(theta);
  update(s, lr, p, Float64Array.of(grad), after);
  const lines: UpdateLine[] = [];
  const line = (name: string, latex: string, value: number) => lines.push({ name, latex: `${latex} = ${num(value)}`, value });
  const wd = s.weightDecay;
  let g = grad;
  if (wd !== 0 && s.name !== 'adamw') {
    g = grad + wd * theta;
    line('g', `g \\leftarrow g + \\lambda\\theta = ${par(grad)} + ${num(wd)}\\cdot ${par(theta)}`, g);
  }
  const t = after.step ?? 0;
  switch (s.name) {
    case 'sgd': {
      let d = g;
      if (s.momentum !== 0) {
        const b = after.momentumBuffer?.[0] as number;
        const old = before.momentumBuffer?.[0];
        if (old === undefined) line('b', `b \\leftarrow g`, b);
        else
          line(
            'b',
            `b \\leftarrow \\mu b + (1-\\tau) g = ${num(s.momentum)}\\cdot ${par(old)} + ${num(1 - s.dampening)}\\cdot ${par(g)}`,
            b,
          );
        d = s.nesterov ? g + s.momentum * b : b;
        if (s.nesterov) line('d', `d = g + \\mu b = ${par(g)} + ${num(s.momentum)}\\cdot ${par(b)}`, d);
      }
      const name = s.momentum !== 0 ? (s.nesterov ? 'd' : 'b') : 'g';
      line('θ', `\\theta \\leftarrow \\theta - \\eta\\, ${name} = ${par(theta)} - ${num(lr)}\\cdot ${par(d)}`, p[0]);
      return lines;
    }
    case 'rmsprop': {
      const v = after.squareAvg?.[0] as number;
      line(
        'v',
        `v \\leftarrow \\alpha v + (1-\\alpha) g^2 = ${num(s.alpha)}\\cdot ${par(before.squareAvg?.[0] ?? 0)} + ${num(1 - s.alpha)}\\cdot ${par(g)}^2`,
        v,
      );
      let denom = Math.sqrt(v) + s.eps;
      if (s.centered) {
        const ga = after.gradAvg?.[0] as number;
        line(
          'ḡ',
          `\\bar g \\leftarrow \\alpha \\bar g + (1-\\alpha) g = ${num(s.alpha)}\\cdot ${par(before.gradAvg?.[0] ?? 0)} + ${num(1 - s.alpha)}\\cdot ${par(g)}`,
          ga,
        );
        denom = Math.sqrt(v - ga * ga) + s.eps;
        line('D', `D = \\sqrt{v - \\bar g^2} + \\varepsilon`, denom);
      } else line('D', `D = \\sqrt{v} + \\varepsilon = \\sqrt{${num(v)}} + ${num(s.eps)}`, denom);
      if (s.momentum > 0) {
        const b = after.momentumBuffer?.[0] as number;
        line(
          'b',
          `b \\leftarrow \\mu b + g / D = ${num(s.momentum)}\\cdot ${par(before.momentumBuffer?.[0] ?? 0)} + ${par(g)} / ${num(denom)}`,
          b,
        );
        line('θ', `\\theta \\leftarrow \\theta - \\eta\\, b = ${par(theta)} - ${num(lr)}\\cdot ${par(b)}`, p[0]);
      } else line('θ', `\\theta \\leftarrow \\theta - \\eta\\, g / D = ${par(theta)} - ${num(lr)}\\cdot ${par(g)} / ${num(denom)}`, p[0]);
      return lines;
    }
    case 'adagrad': {
      const clr = lr / (1 + (t - 1) * s.lrDecay);
      if (s.lrDecay !== 0) line('η', `\\eta_t = \\eta / (1 + (t-1)\\,\\delta) = ${num(lr)} / (1 + ${t - 1}\\cdot ${num(s.lrDecay)})`, clr);
      const sum = after.sum?.[0] as number;
      line('s', `s \\leftarrow s + g^2 = ${num(before.sum?.[0] ?? 0)} + ${par(g)}^2`, sum);
      line(
        'θ',
        `\\theta \\leftarrow \\theta - \\eta_t\\, g / (\\sqrt{s} + \\varepsilon) = ${par(theta)} - ${num(clr)}\\cdot ${par(g)} / (\\sqrt{${num(sum)}} + ${num(s.eps)})`,
        p[0],
      );
      return lines;
    }
    default: {
      const [b1, b2] = s.betas;
      let th = theta;
      if (s.name === 'adamw' && wd !== 0) {
        th = theta * (1 - lr * wd);
        line('θ', `\\theta \\leftarrow \\theta (1 - \\eta\\lambda) = ${par(theta)}\\cdot (1 - ${num(lr)}\\cdot ${num(wd)})`, th);
      }
      const m = after.expAvg?.[0] as number;
      const v = after.expAvgSq?.[0] as number;
      line(
        'm',
        `m \\leftarrow \\beta_1 m + (1-\\beta_1) g = ${num(b1)}\\cdot ${par(before.expAvg?.[0] ?? 0)} + ${num(1 - b1)}\\cdot ${par(g)}`,
        m,
      );
      line(
        'v',
        `v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2 = ${num(b2)}\\cdot ${par(before.expAvgSq?.[0] ?? 0)} + ${num(1 - b2)}\\cdot ${par(g)}^2`,
        v,
      );
      const mHat = m / (1 - b1 ** t);
      line('m̂', `\\hat m = m / (1-\\beta_1^{${t}}) = ${par(m)} / (1 - ${num(b1)}^{${t}})`, mHat);
      const vUsed = s.amsgrad ? (after.maxExpAvgSq?.[0] as number) : v;
      if (s.amsgrad) line('v_max', `v_{\\max} \\leftarrow \\max(v_{\\max}, v)`, vUsed);
      const vHat = vUsed / (1 - b2 ** t);
      line('v̂', `\\hat v = ${s.amsgrad ? 'v_{\\max}' : 'v'} / (1-\\beta_2^{${t}}) = ${num(vUsed)} / (1 - ${num(b2)}^{${t}})`, vHat);
      line(
        'θ',
        `\\theta \\leftarrow \\theta - \\eta\\, \\hat m / (\\sqrt{\\hat v} + \\varepsilon) = ${par(th)} - ${num(lr)}\\cdot ${par(mHat)} / (\\sqrt{${num(vHat)}} + ${num(s.eps)})`,
        p[0],
      );
      return lines;
    }
  }
}
