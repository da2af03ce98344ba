import { analyzePlan } from '../../graph/analyze';
import { SOURCE } from '../../graph/compile';
import { evaluate } from '../../graph/evaluate';
import type { Expected } from '../../graph/schema';
import { inferBatch } from '../../graph/train';
import { failLine, valueCheck } from './checks';
import { gradExpression, opExpression, type Build } from './graph';
import { pyComment } from '../../escape/python';
import { pyFloat } from './python';

type Step = NonNullable<Expected['step']>;

/** Why the engine's training step cannot run on this graph, or null. */
function refusal(b: Build, trainable: readonly number[]): string | null {
  const { plan } = b;
  const out = plan.output;
  if (out < 0 || b.meta[out]) return 'the loss has no value';
  if (plan.shapes[out]?.length !== 0) return 'the output must be a scalar loss';
  if (!trainable.length) return 'no trainable inputs: mark the parameters to update as trainable';
  const stuck = trainable.find((k) => !plan.reaches[k]);
  if (stuck === undefined) return null;
  const nd = plan.nodes[stuck];
  return `the trainable input "${nd.name ?? nd.id}" gets no gradient from the loss`;
}

/**
 * One SGD step as Backprop Studio's `step` takes it (θ ← θ − (lr / batch)·∂L/∂θ on the trainable
 * inputs, batch 1 unless the gradient is averaged), then the loss recomputed from the new values.
 * The batch follows the engine's rule when the document leaves it out.
 */
export function stepLines(b: Build, step: Step, tol: number): string[] {
  const { plan } = b;
  const trainable = plan.nodes.flatMap((nd, k) => (nd.op === 'input' && plan.params[k].trainable === true ? [k] : []));
  const refused = refusal(b, trainable);
  if (refused) return [failLine('step', refused)];
  const batch = step.mean ? (step.batch ?? inferBatch(analyzePlan(plan, evaluate(plan, { shapesOnly: true })))) : 1;
  const check = (path: string, v: string, expected: unknown) => valueCheck(path, v, expected, tol);
  const loss = b.vars[plan.output];

  const next = [...b.vars];
  const changed = new Uint8Array(plan.n);
  const body = trainable.map((k) => {
    changed[k] = 1;
    next[k] = b.names.take(`${b.vars[k]}_next`);
    return `    ${next[k]} = ${b.vars[k]} - (${pyFloat(step.lr)} / ${batch}) * ${gradExpression(b, k)}`;
  });
  for (let k = 0; k <= plan.output; k++) {
    if (plan.kinds[k] === SOURCE || !plan.reaches[k] || !plan.inputs[k].some((src) => src >= 0 && changed[src])) continue;
    changed[k] = 1;
    next[k] = b.names.take(`${b.vars[k]}_next`);
    body.push(`    ${next[k]} = ${opExpression(b, k, next)}`);
  }

  const lines = [
    pyComment(`One step of gradient descent on ${trainable.map((k) => b.vars[k]).join(', ')}, as Backprop Studio takes it:`),
    pyComment(
      `θ ← θ − (lr / batch)·∂L/∂θ with lr ${pyFloat(step.lr)}, batch ${batch}${step.mean ? ' (the gradient averaged over the batch)' : ''};`,
    ),
    '# then the forward pass again on the new values.',
    'with torch.no_grad():',
    ...body,
  ];
  if (step.lossBefore !== undefined) lines.push(check('step.lossBefore', loss, step.lossBefore));
  for (const [name, v] of Object.entries(step.params ?? {})) {
    const k = trainable.findLast((t) => (plan.nodes[t].name ?? plan.nodes[t].id) === name);
    lines.push(
      k === undefined ? failLine(`step.params.${name}`, 'no trainable input of that name') : check(`step.params.${name}`, next[k], v),
    );
  }
  if (step.lossAfter !== undefined) lines.push(check('step.lossAfter', next[plan.output], step.lossAfter));
  return lines;
}
